using HstFederation.Hosting;
using HstFederation.Node.Storage;

namespace HstFederation.Node.Commands;

/// <summary>`restore`: a backup put in place of the stopped node's database, its numbers continued from the replaced one (<see cref="NodeRestore"/>).</summary>
internal sealed class RestoreCommand : INodeCommand
{
    public string Name => "restore";

    public string Summary => "Put a backup in place of the stopped node's database; its numbering continues from the replaced one.";

    public string Help => """
        Usage: hst-node restore <backup file> [--config FILE] [--json]

        Replaces Node:DatabasePath with a backup written by 'hst-node backup'. Refused while 'hst-node serve' runs on
        the database (stop it first); the serve lock is held meanwhile, so no serve starts half-way. The backup file is
        never changed: it is copied beside the database as <database>.restoring and the copy is checked (SQLite's
        quick_check, a node's own database, its audit chain intact), brought to this release's schema and, in one
        transaction: when the replaced database can be read, this NCB's message numbers and its count of messages to
        each recipient continue from the larger of the backup's and the replaced database's (from the backup's alone,
        the hub would refuse the next messages as SequenceReused until the node numbered them again, and every
        recipient would see this NCB's numbers step back); a 'restore' audit entry names the backup, the replaced
        database and both audit heads. Only then is the database (with its -wal and -shm files) moved aside as
        <database>.replaced-<UTC date>Z, never deleted, and the copy takes its name. A restore that fails changes
        nothing. Do not copy a backup in place by hand: a -wal file left beside it would be applied to the wrong
        database.

        What the node received after the backup was taken comes again: it resumes from the backup's cursor and the hub
        delivers again what it still holds. What it sent after the backup is not in the copy, although the hub accepted
        it and its recipients hold it: the restore lists those messages (this node can no longer show, update, restrict
        or recall them; their delivery receipts are quarantined as UnknownMessage), and those queued after the backup
        and not accepted there (they may never have reached the hub: send again what must still go). A message the
        backup held queued that the hub accepted since takes that acceptance from the replaced database (its envelope,
        number and hub receipt) and is not sent again. Tell the General Secretariat. Prints the audit chain's new head as 'backup' does, with the 'verify-audit --recorded-head' that
        checks against it.

        Exit 0 when restored; 1 when refused (serve running, a backup that is missing, not a node's, damaged or with a
        broken audit chain, a disk that is full: the reason and file named, nothing changed).

        Example:
          $ hst-node restore /backup/node-20261201-101500Z.db --config /etc/hst/node.json
          restored /var/lib/hst/node.db from /backup/node-20261201-101500Z.db (its audit chain intact, 2140 entries; head 9c41…)
          replaced database kept as /var/lib/hst/node.db.replaced-20261201-120312Z; its audit chain ended at head 2388:51be…
          this NCB's next message is number 412, and each recipient's count continues from the replaced database's
          ...
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals("the backup file");
        var options = context.StoreSettings();
        var database = Path.GetFullPath(options.DatabasePath);
        DatabaseRestore.RequireDirectory(database, DatabaseProgram.Node);

        ServeLock held;
        try
        {
            held = await ServeLock.AcquireStoppedAsync(
                database, "hst-node", "Node:DatabasePath", "a restore replaces the database under it", context.Time, cancellationToken);
        }
        catch (Exception error) when (error is ServeLockedException or ServeLockFileException)
        {
            throw new CommandFailedException(error.Message, error);
        }

        using (held)
        {
            var result = NodeRestore.Run(database, context.Arguments.Positionals[0], CommandContext.Actor, context.Time);
            if (context.Json)
            {
                context.WriteJson(NodeRestoreReport.Json(result));
            }
            else
            {
                NodeRestoreReport.Write(context.Out, result);
            }
        }

        return NodeCommandLine.Success;
    }
}
