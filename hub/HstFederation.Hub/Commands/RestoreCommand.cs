using HstFederation.Hosting;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Commands;

/// <summary>`restore`: a backup put in place of the stopped hub's database, numbered on past what the members hold (<see cref="HubRestore"/>).</summary>
internal sealed class RestoreCommand : IHubCommand
{
    public string Name => "restore";

    public string Summary => "Put a backup in place of the stopped hub's database, so that members lose no delivery after it.";

    public string Help => """
        Usage: hst-hub restore <backup file> [--json]

        Replaces Hub:DatabasePath with a backup written by 'hst-hub backup'. Refused while 'hst-hub serve' runs on the
        database (stop it first); the serve lock is held meanwhile, so no serve starts half-way. The backup file is
        never changed: it is copied beside the database as <database>.restoring and the copy is checked (SQLite's
        quick_check, the hub's own database, its audit chain intact), brought to this release's schema and, in one
        transaction before anything can be served: delivery cursors and hub sequences continue 10^12 past the highest
        either the backup or the replaced database assigned (each member subscribes after the last cursor it stored:
        numbered again from the backup, every new delivery would be skipped), the hub's numbering of its own messages to
        each member continues from the replaced database's counts (from the backup's plus 10^12 when the replaced
        database cannot be read: each member's node then raises one sequence-gap alarm for the hub), and a 'restore'
        audit entry names the backup, the replaced database and both audit heads. Only then is the database (with its
        -wal and -shm files) moved aside as <database>.replaced-<UTC date>Z, never deleted, and the copy takes its name.
        A restore that fails changes nothing.

        What the hub accepted after the backup was taken is not at the hub any more: the nodes that sent it hold it as
        accepted and do not send it again. Tell the members (it prints what), then start serve. What the members
        acknowledged after the backup was taken is unacknowledged in the restored database: serve streams it to each
        member again as it subscribes from its cursor, and only the member's signed delivery receipt acknowledges it.
        It prints the audit chain's new head as 'backup' does, with the 'verify-audit --recorded-head ENTRY:HASH' that
        checks against it: record it, since a head recorded before the restore past the backup's last entry no longer
        matches.

        Exit 0 when restored; 1 when refused (serve running, a backup that is missing, not the hub's, damaged or with a
        broken audit chain, a disk that is full: the reason and file named, nothing changed).

        Example:
          $ hst-hub restore /backup/hub-20261201-101500Z.db --config /etc/hst/hub.json
          restored /var/lib/hst/hub.db from /backup/hub-20261201-101500Z.db (its audit chain intact, 15320 entries; head 6a28…)
          replaced database kept as /var/lib/hst/hub.db.replaced-20261201-120312Z; its audit chain ended at head 15811:9c1e…
          ...
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals("the backup file");
        var options = context.Settings(nameof(HubOptions.DatabasePath));
        var database = Path.GetFullPath(options.DatabasePath);
        DatabaseRestore.RequireDirectory(database, DatabaseProgram.Hub);

        using var held = await LockAsync(database, context.Time, cancellationToken);
        var result = HubRestore.Run(database, context.Arguments.Positionals[0], CommandContext.Actor, context.Time);
        if (context.Json)
        {
            context.WriteJson(RestoreReport.Json(result));
        }
        else
        {
            RestoreReport.Write(context.Out, result);
        }

        return HubCommandLine.Success;
    }

    /// <summary>The serve lock, held for the whole restore: a serve running now is named, one starting meanwhile waits its turn and is refused.</summary>
    private static async Task<ServeLock> LockAsync(string database, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            return await ServeLock.AcquireStoppedAsync(database, "hst-hub", "Hub:DatabasePath", "a restore replaces the database under it", time, cancellationToken);
        }
        catch (Exception error) when (error is ServeLockedException or ServeLockFileException)
        {
            throw new CommandFailedException(error.Message, error);
        }
    }
}
