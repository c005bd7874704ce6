using System.Globalization;
using HstFederation.Node.Audit;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// `restore` of a node (<see cref="DatabaseRestore"/> does the file work): the checked copy migrated, then in one transaction
/// numbered on from the replaced database when it can be read, and audited, before it takes the database's name.
/// <para>
/// The numbers are what a hand restore gets wrong: from the backup's counts, this NCB's next messages reuse numbers the hub
/// already accepted (the hub refuses them, the node renumbers by itself) and each recipient's count of this NCB's messages steps
/// back (every recipient raises a sequence alarm). Both counts continue from the larger of the backup's and the replaced
/// database's. The inbox cursor is the backup's, never carried: what arrived after the backup is not in the copy, and the hub
/// delivers it again from there.
/// </para>
/// </summary>
internal static class NodeRestore
{
    public static NodeRestoreResult Run(string databasePath, string backupPath, string actor, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var database = Path.GetFullPath(databasePath);
        var restored = DatabaseRestore.Run(databasePath, backupPath, DatabaseProgram.Node, NodeAudit.Chain, time,
            (connection, backupAudit, aside) => Prepare(connection, backupAudit, Path.GetFullPath(backupPath), database, aside, actor, time));
        var (replaced, next, sentAfter, queuedButAccepted, newHead) = restored.Prepared;
        return new NodeRestoreResult(
            restored.Database, restored.Backup, restored.BackupAudit, replaced, restored.KeptFiles, next, sentAfter, queuedButAccepted, newHead);
    }

    private static (ReplacedDatabase<NodeRestoreCounters>, long, IReadOnlyList<string>, IReadOnlyList<string>, RecordedHead) Prepare(
        SqliteConnection connection, AuditVerification backupAudit, string backup, string database, string aside, string actor, TimeProvider time)
    {
        // Only once the backup passed: a refused restore has not even opened the database.
        var replaced = ReplacedDatabase<NodeRestoreCounters>.Read(database, DatabaseProgram.Node, NodeRestoreCounters.Read);
        // A backup of an earlier release is brought to this one's schema first, so the counts land in tables that are there.
        SchemaMigrations.Apply(connection, time);
        connection.Execute("BEGIN IMMEDIATE;");
        try
        {
            var restoredCounters = NodeRestoreCounters.Read(connection);
            var from = replaced.Counters;
            IReadOnlyList<string> sentAfter = [];
            IReadOnlyList<string> queuedButAccepted = [];
            if (from is not null)
            {
                connection.Execute("UPDATE sequence_state SET last_sequence = max(last_sequence, $last) WHERE id = 1;", ("$last", from.LastSequence));
                foreach (var (addressee, accepted) in from.RecipientCounts)
                {
                    connection.Execute(
                        """
                        INSERT INTO recipient_counts (addressee, accepted) VALUES ($addressee, $accepted)
                        ON CONFLICT (addressee) DO UPDATE SET accepted = max(accepted, excluded.accepted);
                        """,
                        ("$addressee", addressee), ("$accepted", accepted));
                }

                sentAfter = from.Accepted.Where(id => !restoredCounters.InOutbox.Contains(id)).Order(StringComparer.Ordinal).ToArray();
                queuedButAccepted = from.Accepted
                    .Where(id => restoredCounters.InOutbox.Contains(id) && !restoredCounters.Accepted.Contains(id))
                    .Order(StringComparer.Ordinal).ToArray();
            }

            var next = (long)connection.Scalar("SELECT last_sequence FROM sequence_state WHERE id = 1;")! + 1;
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"from={backup} backup_head={AuditVerificationReport.Head(backupAudit)} replaced={(replaced.Exists ? aside : "none")} " +
                $"replaced_head={replaced.Head?.ToString() ?? "unreadable"} sequence_from={next} " +
                $"numbering={(from is null ? "backup" : "replaced")} sent_after_backup={sentAfter.Count} queued_but_accepted={queuedButAccepted.Count}");
            NodeAudit.Append(connection, time.GetUtcNow().ToUnixTimeMilliseconds(), actor, NodeAuditActions.Restore, null, detail);
            connection.Execute("COMMIT;");
            var verified = AuditVerifier.Verify(NodeAudit.Chain, connection);
            return (replaced, next, sentAfter, queuedButAccepted, AuditVerificationReport.Head(verified));
        }
        catch
        {
            connection.TryRollback();
            throw;
        }
    }
}
