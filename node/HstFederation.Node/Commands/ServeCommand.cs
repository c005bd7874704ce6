using HstFederation.Hosting;
using HstFederation.Node.Hosting;

namespace HstFederation.Node.Commands;

/// <summary>`serve`: runs the node (<see cref="NodeApplication"/>) until stopped.</summary>
internal sealed class ServeCommand : INodeCommand
{
    public string Name => "serve";

    public string Summary => "Run the node: hub link (send, receive, receipts) and the agency API.";

    public string Help => """
        Usage: hst-node serve [--config FILE] [--Node:<Name>=<value> ...]

        Runs the node until stopped (Ctrl+C / SIGTERM):
          - the outbox sender: seals queued messages and submits them to the hub over mutual TLS 1.3,
            retrying with backoff across restarts until the hub accepts or refuses each one;
          - the inbox subscriber: holds the hub's delivery stream from the stored cursor, verifies,
            decrypts and stores each delivery once, acknowledges in batches with signed delivery
            receipts, quarantines what fails verification and raises sequence-gap alarms;
          - the member directory and CRL refresh (both fail closed when they cannot be renewed);
          - the agency API listener (docs/agency-api.md).
        One serve per database: it holds an exclusive lock on <database>.serve for its whole life (the OS drops it
        when the process ends, even killed), and writes its pid and start time to <database>.serve.pid; a second
        serve on the same database refuses at once, naming the database and that pid and start time.
        'hst-node status' says whether a serve is running. Messages queued by 'hst-node send' in another process are
        picked up within Node:OutboxPollInterval. The credentials of Node:CredentialsDirectory are loaded once, at
        start, with the encryption keys kept from before a renewal in its previous/ folder (they open what was
        sealed to them; docs/node.md, Renewing keys): renewed keys take a restart.
        The database must exist (create it with 'hst-node init'): a missing or empty (0-byte) file, or one with no
        tables, is refused, never taken for a new node. Logs a Warning at start (event 5011) when the database's
        volume has less than 1 GiB or 5 % free, and one (event 5012) when the database is readable or writable by
        its group or others, with the fix (chmod 600 <database>); the mode is never changed. Exits 0 when stopped; 1 when it could not start (the setting or file at fault is
        named, the database missing or empty, the serve already running on the database, or Node:AgencyPort held by
        another program) or when a part of the
        hub link failed unexpectedly and stopped the node (logged as Critical, event 5006), so that a service
        manager restarting on failure (systemd Restart=on-failure) starts it again.

        Example:
          hst-node serve --config /etc/hst/node.json
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals();
        // Before the lock (no lock files beside a mistyped path) and before the store opens, which building the node does:
        // SQLite would create a new, empty node at a mistyped path, on a volume not mounted or in a 0-byte file, and it
        // would run with no outbox, inbox or hub cursor. Creating one is `init`'s. Without the setting, building the node
        // names it as missing.
        if (context.Configuration[$"{NodeOptions.Section}:{nameof(NodeOptions.DatabasePath)}"] is { Length: > 0 } database)
        {
            DatabaseFile.RequireExisting(database, DatabaseProgram.Node);
        }

        // Before anything opens the database or binds a port: a second serve on the same file is refused here, whole.
        using var held = await LockAsync(context, cancellationToken);
        using var host = NodeApplication.Build(CommandSettings.HostArguments(context.Arguments), context.Time);
        // Taken before the run: RunAsync disposes the host's services when it returns.
        var failure = host.Services.GetRequiredService<HubLinkFailure>();
        var ports = ListeningPorts(host);
        try
        {
            await host.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (failure.Loop is not null)
        {
            // The loop failed and stopped the node while the host was still starting (the agency listener binding),
            // which cancels the start: the same failure, reported below.
        }
        catch (Exception e) when (ListenFailure.Describe(e, ports) is { } reason)
        {
            // A port held by another program, found when Kestrel binds: said with its setting, not as Kestrel's message.
            throw new NodeConfigurationException(reason, e);
        }

        if (failure.Loop is { } loop)
        {
            context.Error.WriteLine($"hst-node serve: the hub link's {loop} failed unexpectedly (logged as Critical, event 5006); the node stopped so that it is restarted.");
            return NodeCommandLine.Failure;
        }

        return NodeCommandLine.Success;
    }

    /// <summary>The port serve binds for agencies, with its setting, as the host read it.</summary>
    private static (int Port, string Setting)[] ListeningPorts(IHost host) =>
        [(host.Services.GetRequiredService<NodeOptions>().AgencyPort, $"{NodeOptions.Section}:{nameof(NodeOptions.AgencyPort)}")];

    /// <summary>
    /// The database serve will open, read from the same sources as the host's; without one, or beside a directory that is
    /// not there, no lock: the host's own start refuses that with the setting or file named.
    /// </summary>
    private static async Task<ServeLock?> LockAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Configuration[$"{NodeOptions.Section}:{nameof(NodeOptions.DatabasePath)}"] is not { Length: > 0 } database
            || !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(database))))
        {
            return null;
        }

        try
        {
            return await ServeLock.AcquireAsync(database, "hst-node", $"{NodeOptions.Section}:{nameof(NodeOptions.DatabasePath)}", context.Time, cancellationToken);
        }
        catch (Exception e) when (e is ServeLockedException or ServeLockFileException)
        {
            throw new NodeConfigurationException(e.Message, e);
        }
    }
}
