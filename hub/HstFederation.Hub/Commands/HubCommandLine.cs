using System.Security.Cryptography;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Pki;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Commands;

/// <summary>Dispatches `hst-hub &lt;command&gt;`. Exit codes: 0 ok, 1 failed, 2 bad arguments. Tests call it in-process.</summary>
internal static class HubCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadArguments = 2;

    private static readonly IReadOnlyList<IHubCommand> Commands =
    [
        new InitCommand(), new MembersCommand(), new EnrollCommand(), new SuspendCommand(), new ReinstateCommand(),
        new RevokeCommand(), new RegionsCommand(), new VerifyAuditCommand(), new StatsCommand(), new ProductsCommand(), new LedgerCommand(), new HitsCommand(),
        new StatusCommand(), new BackupCommand(), new RestoreCommand(),
    ];

    public static string Usage => $"""
        hst-hub: the General Secretariat's hub of the HST federation.

        Usage: hst-hub <command> [arguments] [--json] [--config FILE] [--Hub:<Name>=<value> ...]

        Commands:
          {"serve",-12} {ServeCommand.Summary}
        {string.Join(Environment.NewLine, Commands.Select(c => $"  {c.Name,-12} {c.Summary}"))}

        Run 'hst-hub <command> --help' for what a command does, its options and an example.

        Settings (appsettings.json, --config FILE, HST_Hub__<Name> environment variables, or --Hub:<Name>=<value>):
          DatabasePath, CredentialsDirectory, RootCertificatePath, RevocationListPath, plus the listener,
          replay-window and limit settings of docs/hub.md. 'serve' needs all four paths; most operator
          commands need only DatabasePath; 'enroll' and 'revoke --root-key' also need the root and CRL.

        docs/hub.md explains each command and setting.
        """;

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, Console.Out, Console.Error, TimeProvider.System);

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            return Help(args, stdout, stderr);
        }

        if (args[0] == ServeCommand.Name)
        {
            return await ServeCommand.RunAsync(args.Skip(1).ToArray(), stdout, stderr, time);
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"hst-hub: unknown command '{args[0]}'.");
            stderr.WriteLine();
            stderr.WriteLine(Usage);
            return BadArguments;
        }

        IConfiguration? settings = null;
        try
        {
            var arguments = CommandArguments.Parse(args.Skip(1), command.ValueOptions, command.Flags);
            if (arguments.Help)
            {
                stdout.WriteLine(HelpOf(command.Help));
                return Success;
            }

            settings = CommandSettings.Build(arguments);
            var context = new CommandContext(arguments, settings, stdout, stderr, time);
            return await command.RunAsync(context, cancellationToken);
        }
        catch (StoreUnavailableException e) when (StorageFaults.IsDiskFull(e))
        {
            // The store's own words ("Retry later") are for members, whose nodes retry; an operator has to make room first.
            var database = settings?[$"{HubOptions.Section}:{nameof(HubOptions.DatabasePath)}"] is { Length: > 0 } path
                ? Path.GetFullPath(path)
                : "the hub database";
            var quota = settings?[$"{HubOptions.Section}:{nameof(HubOptions.MaxDatabasePages)}"] is { Length: > 0 } pages
                ? $" or it reached Hub:MaxDatabasePages ({pages} pages)"
                : string.Empty;
            stderr.WriteLine(
                $"hst-hub {command.Name}: {database} cannot be written: its disk is full{quota}; nothing of this command was committed. " +
                $"Free space on that disk{(quota.Length > 0 ? " (or raise Hub:MaxDatabasePages)" : string.Empty)} and run the command again.");
            return Failure;
        }
        catch (CommandUsageException e)
        {
            stderr.WriteLine($"hst-hub {command.Name}: {e.Message}");
            stderr.WriteLine();
            stderr.WriteLine(HelpOf(command.Help));
            return BadArguments;
        }
        catch (Exception e) when (IsOperational(e))
        {
            stderr.WriteLine($"hst-hub {command.Name}: {e.Message}");
            return Failure;
        }
    }

    private static int Help(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Count == 0)
        {
            stderr.WriteLine(Usage);
            return BadArguments;
        }

        if (args.Count > 1)
        {
            var help = args[1] == ServeCommand.Name ? ServeCommand.Help : Commands.FirstOrDefault(c => c.Name == args[1]) is { } found ? HelpOf(found.Help) : null;
            if (help is null)
            {
                stderr.WriteLine($"hst-hub: unknown command '{args[1]}'.");
                return BadArguments;
            }

            stdout.WriteLine(help);
            return Success;
        }

        stdout.WriteLine(Usage);
        return Success;
    }

    /// <summary>A command's own help and what every command takes (kept here once, not in each command's text).</summary>
    public static string HelpOf(string help) => help.TrimEnd() + Environment.NewLine + Environment.NewLine + CommonOptions;

    private const string CommonOptions = """
        Every command also takes:
          --json            machine-readable output on stdout
          --config FILE     settings from FILE (JSON, as appsettings.json) instead of only ./appsettings.json:
                            read after it, before environment variables and --Hub:<Name>=<value>
          --Hub:<Name>=<value>  one setting (docs/hub.md, Settings); an unknown name is refused
        """;

    private static bool IsOperational(Exception e) =>
        e is CommandFailedException or HubConfigurationException or DatabaseFileException or CredentialException or StoreUnavailableException
            or SqliteException or IOException or UnauthorizedAccessException or CryptographicException;
}
