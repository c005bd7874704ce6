using HstFederation.Node.Audit;

namespace HstFederation.Node.Commands;

/// <summary>`backup`: a checked copy of the node database while serve runs (<see cref="DatabaseBackup"/>).</summary>
internal sealed class BackupCommand : INodeCommand
{
    public string Name => "backup";

    public string Summary => "Copy the database while the node runs, check the copy and print its audit chain's head.";

    public string Help => """
        Usage: hst-node backup <file or directory> [--config FILE] [--json]

        Copies Node:DatabasePath with SQLite's online backup: one consistent snapshot, safe while 'hst-node serve'
        runs (never copy the file itself: its -wal file holds the latest commits). The copy is written as
        <name>.partial, checked (SQLite's quick_check, then the audit chain as 'verify-audit' does), made a single
        self-contained file with the database's permissions, flushed to disk, and only then given its name (the
        directory flushed too, so that the name survives a power cut). A directory
        gets a dated file inside it (node-20261201-101500Z.db, UTC). A backup never overwrites a file; a failed one
        leaves nothing under the name. The copy holds the messages in clear, as the database does: keep backups on
        storage as protected as the node's own (encrypted at rest, access restricted). Not audited: it reads the file as
        any process allowed to read it could.

        Prints the audit chain's head (the last entry's hash): keep it where the node's operators cannot write. Exit 0
        when the copy is written and its audit chain is intact; 1 when the copy could not be written (the reason and
        file named), or when it was written but its chain is broken (the copy is kept as evidence: it holds exactly
        what the database holds).

        Restore with 'hst-node restore <file>' while serve is stopped (never by copying the file back): it checks the
        backup, keeps the replaced database aside and continues this NCB's numbers from it (docs/node.md, "Storage,
        backups and the audit log").

        Example:
          $ hst-node backup /backup --config /etc/hst/node.json
          backup written: /backup/node-20261201-101500Z.db (48.2 MiB)
          audit chain intact, 2140 entries; head 9c41…
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals("the backup's file or directory");
        var options = context.StoreSettings();
        cancellationToken.ThrowIfCancellationRequested();
        var result = DatabaseBackup.Write(options.DatabasePath, context.Arguments.Positionals[0], DatabaseProgram.Node, NodeAudit.Chain, context.Time);
        if (context.Json)
        {
            context.WriteJson(DatabaseBackupReport.Json(result));
        }
        else
        {
            DatabaseBackupReport.Write(context.Out, result, DatabaseProgram.Node);
        }

        return Task.FromResult(result.Audit.IsIntact ? NodeCommandLine.Success : NodeCommandLine.Failure);
    }
}
