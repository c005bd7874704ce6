using System.Security.Cryptography;
using HstFederation.Protocol.Pki;

namespace HstFederation.DevPki.Cli;

/// <summary>The command-line entry point, callable in-process by tests. Exit codes: 0 ok, 1 failed, 2 bad arguments.</summary>
public static class DevPkiCli
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadArguments = 2;

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
        {
            stdout.WriteLine(HelpText.General);
            return args.Count == 0 ? BadArguments : Success;
        }

        var rest = args.Skip(1);
        var (usage, run) = args[0] switch
        {
            "create" => (HelpText.Create, (Func<int>)(() => CreateCommand.Run(rest, stdout, time))),
            "revoke" => (HelpText.Revoke, () => RevokeCommand.Run(rest, stdout, time)),
            "crl" => (HelpText.Crl, () => CrlCommand.Run(rest, stdout, time)),
            "issue" => (HelpText.Issue, () => IssueCommand.Run(rest, stdout, time)),
            "national-ca" => (HelpText.NationalCa, () => NationalCaCommand.Run(rest, stdout, time)),
            "agency" => (HelpText.Agency, () => AgencyCommand.Run(rest, stdout, time)),
            "matching-key" => (HelpText.MatchingKey, () => MatchingKeyCommand.Run(rest, stdout, time)),
            _ => (HelpText.General, () => throw new UsageException($"Unknown command '{args[0]}'.")),
        };
        try
        {
            if (args.Skip(1).Any(a => a is "--help" or "-h"))
            {
                stdout.WriteLine(usage);
                return Success;
            }

            return run();
        }
        catch (UsageException e)
        {
            stderr.WriteLine("error: " + e.Message);
            stderr.WriteLine();
            stderr.WriteLine(usage);
            return BadArguments;
        }
        catch (Exception e) when (e is CredentialException or IOException or UnauthorizedAccessException or CryptographicException or FormatException)
        {
            stderr.WriteLine("error: " + e.Message);
            return Failure;
        }
    }
}
