using HstFederation.Hub.Audit;
using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Commands;

/// <summary>`backup`: a checked copy of the hub database while serve runs (<see cref="DatabaseBackup"/>).</summary>
internal sealed class BackupCommand : IHubCommand
{
    public string Name => "backup";

    public string Summary => "Copy the database while the hub runs, check the copy and print its audit chain's head.";

    public string Help => """
        Usage: hst-hub backup <file or directory> [--json]

        Copies Hub:DatabasePath with SQLite's online backup: one consistent snapshot, safe while 'hst-hub serve'
        runs (never copy the file itself: its -wal file holds the latest commits). The copy is written as
        <name>.partial, checked (SQLite's quick_check, then the audit chain as 'verify-audit' does), made a single
        self-contained file with the database's permissions, flushed to disk, and only then given its name (the
        directory flushed too, so that the name survives a power cut). A directory
        gets a dated file inside it (hub-20261201-101500Z.db, UTC). A backup never overwrites a file; a failed one
        leaves nothing under the name. Not audited: it reads the file as any process allowed to read it could, so guard
        the backup directory as the database itself.

        Prints the audit chain's head (the last entry's hash): keep it where the hub's operators cannot write. Exit 0
        when the copy is written and its audit chain is intact; 1 when the copy could not be written (the reason and
        file named), or when it was written but its chain is broken (the copy is kept as evidence: it holds exactly
        what the database holds).

        Restore: stop serve, move the database (and its -wal and -shm files, if any) aside, copy the backup to
        Hub:DatabasePath, and BEFORE serve starts move the delivery cursor past every node's (without it, the
        restored hub's next deliveries are passed over silently by nodes whose cursor is ahead):
          sqlite3 <database> "UPDATE sqlite_sequence SET seq = seq + 1000000000 WHERE name = 'deliveries';"
        then start serve. What the hub accepted after the backup is lost (docs/hub.md, "backup": Restore).

        Example:
          $ hst-hub backup /backup --config /etc/hst/hub.json
          backup written: /backup/hub-20261201-101500Z.db (12.4 MiB)
          audit chain intact, 15320 entries; head 3f9a…
        """;

    public IReadOnlySet<string> ValueOptions { get; } = new HashSet<string>();

    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Arguments.ExpectPositionals("the backup's file or directory");
        var options = context.Settings(nameof(HubOptions.DatabasePath));
        cancellationToken.ThrowIfCancellationRequested();
        var result = DatabaseBackup.Write(options.DatabasePath, context.Arguments.Positionals[0], DatabaseProgram.Hub, HubAudit.Chain, context.Time);
        if (context.Json)
        {
            context.WriteJson(DatabaseBackupReport.Json(result));
        }
        else
        {
            DatabaseBackupReport.Write(context.Out, result, DatabaseProgram.Hub);
        }

        return Task.FromResult(result.Audit.IsIntact ? HubCommandLine.Success : HubCommandLine.Failure);
    }
}
