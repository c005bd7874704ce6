using System.Security.Cryptography;
using HstFederation.Node.Hosting;
using HstFederation.Node.Lifecycle;
using HstFederation.Node.Sending;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Pki;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Commands;

/// <summary>Dispatches `hst-node &lt;command&gt;`. Exit codes: 0 ok, 1 failed, 2 bad arguments. Tests call it in-process.</summary>
internal static class NodeCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadArguments = 2;

    private static readonly IReadOnlyList<INodeCommand> Commands =
    [
        new InitCommand(), new ServeCommand(), new SendCommand(), new OutboxCommand(), new InboxCommand(), new ShowCommand(), new LedgerCommand(),
        new SearchCommand(), new HitsCommand(), new ReleaseCommand(), new ProductsCommand(), new QuarantineCommand(), new StatusCommand(),
        new AgenciesCommand(), new VerifyAuditCommand(), new UpdateCommand(), new RestrictCommand(), new RecallCommand(), new ExtendCommand(),
        new LapseCommand(), new CancelCommand(), new BackupCommand(), new RestoreCommand(),
    ];

    public static string Usage => $"""
        hst-node: a National Central Bureau's node of the HST federation.

        Usage: hst-node <command> [arguments] [--json] [--config FILE] [--Node:<Name>=<value> ...]

        Commands:
        {string.Join(Environment.NewLine, Commands.Select(c => $"  {c.Name,-12} {c.Summary}"))}

        Run 'hst-node <command> --help' for what a command does, its options and an example.

        Settings (appsettings.json, --config FILE, HST_Node__<Name> environment variables, or --Node:<Name>=<value>):
          DatabasePath, CredentialsDirectory, RootCertificatePath, RevocationListPath, HubAddress, plus the
          agency listener and retry settings of docs/node.md. 'init --config FILE' writes them to FILE once;
          every other command then takes --config FILE.

        docs/node.md explains each command and setting.
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

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"hst-node: unknown command '{args[0]}'.");
            stderr.WriteLine();
            stderr.WriteLine(Usage);
            return BadArguments;
        }

        try
        {
            var arguments = CommandArguments.Parse(args.Skip(1), command.ValueOptions, command.Flags);
            if (arguments.Help)
            {
                stdout.WriteLine(command.Help);
                return Success;
            }

            var configuration = CommandSettings.Build(arguments, configMayBeMissing: command is InitCommand);
            // Operator commands share the node's clock, Node:ClockOffset included (a drill shifts the whole
            // "machine"); serve's host applies the offset itself.
            var clock = command is ServeCommand
                ? time
                : OffsetTimeProvider.Apply(time, NodeSettings.Read(configuration, [nameof(NodeOptions.ClockOffset)]).ClockOffset);
            var context = new CommandContext(arguments, configuration, stdout, stderr, clock);
            return await command.RunAsync(context, cancellationToken);
        }
        catch (CommandUsageException e)
        {
            stderr.WriteLine($"hst-node {command.Name}: {e.Message}");
            stderr.WriteLine();
            stderr.WriteLine(command.Help);
            return BadArguments;
        }
        catch (Exception e) when (IsOperational(e))
        {
            stderr.WriteLine($"hst-node {command.Name}: {e.Message}");
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
            var help = Commands.FirstOrDefault(c => c.Name == args[1])?.Help;
            if (help is null)
            {
                stderr.WriteLine($"hst-node: unknown command '{args[1]}'.");
                return BadArguments;
            }

            stdout.WriteLine(help);
            return Success;
        }

        stdout.WriteLine(Usage);
        return Success;
    }

    private static bool IsOperational(Exception e) =>
        e is CommandFailedException or NodeConfigurationException or DatabaseFileException or CredentialException or NodeStoreUnavailableException or SendRefusedException
            or RequestIdReusedException or SubmissionStoppedException or LifecycleRefusedException or UpdateRefusedException or SqliteException or IOException or UnauthorizedAccessException or CryptographicException;
}
