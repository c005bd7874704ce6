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
        var (replaced, next, lists, newHead) = restored.Prepared;
        return new NodeRestoreResult(restored.Database, restored.Backup, restored.BackupAudit, replaced, restored.KeptFiles, next, lists, newHead);
    }

    private static (ReplacedDatabase<NodeRestoreCounters>, long, RestoredOutbox, RecordedHead) Prepare(
        SqliteConnection connection, AuditVerification backupAudit, string backup, string database, string aside, string actor, TimeProvider time)
    {
        // Only once the backup passed: a refused restore has not even opened the database.
        var replaced = ReplacedDatabase<NodeRestoreCounters>.Read(database, DatabaseProgram.Node, NodeRestoreCounters.Read);
        // A backup of an earlier release is brought to this one's schema first, so the counts land in tables that are there.
        SchemaMigrations.Apply(connection, time);
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var from = replaced.Counters;
        var backupOutbox = NodeRestoreCounters.Read(connection).Outbox;
        // Queued in the backup, accepted by the hub since: read before the transaction (another file).
        var acceptances = from is null
            ? []
            : ReplacedAcceptance.Read(database, [.. from.InState(OutboxState.Accepted).Where(id => backupOutbox.GetValueOrDefault(id) == OutboxState.Queued)]);
        connection.Execute("BEGIN IMMEDIATE;");
        try
        {
            var outbox = RestoredOutbox.None;
            if (from is not null)
            {
                // First the acceptances (the trigger counts each for its recipients, as the replaced database did), then the
                // counts: both then include those messages, and the larger one is right for every recipient.
                var carried = acceptances.Where(a => CarryAcceptance(connection, a, nowMs)).Select(a => a.MessageId).ToHashSet(StringComparer.Ordinal);
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

                outbox = new RestoredOutbox(
                    SentAfterBackup: Sorted(from.InState(OutboxState.Accepted).Where(id => !backupOutbox.ContainsKey(id))),
                    QueuedAfterBackup: Sorted(from.InState(OutboxState.Queued).Where(id => !backupOutbox.ContainsKey(id))),
                    AcceptanceCarried: Sorted(carried),
                    QueuedButAccepted: Sorted(from.InState(OutboxState.Accepted)
                        .Where(id => backupOutbox.GetValueOrDefault(id) == OutboxState.Queued && !carried.Contains(id))));
            }

            var next = (long)connection.Scalar("SELECT last_sequence FROM sequence_state WHERE id = 1;")! + 1;
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"from={backup} backup_head={AuditVerificationReport.Head(backupAudit)} replaced={(replaced.Exists ? aside : "none")} " +
                $"replaced_head={replaced.Head?.ToString() ?? "unreadable"} sequence_from={next} numbering={(from is null ? "backup" : "replaced")} " +
                $"sent_after_backup={outbox.SentAfterBackup.Count} queued_after_backup={outbox.QueuedAfterBackup.Count} " +
                $"acceptance_carried={outbox.AcceptanceCarried.Count} queued_but_accepted={outbox.QueuedButAccepted.Count}");
            NodeAudit.Append(connection, nowMs, actor, NodeAuditActions.Restore, null, detail);
            connection.Execute("COMMIT;");
            var verified = AuditVerifier.Verify(NodeAudit.Chain, connection);
            return (replaced, next, outbox, AuditVerificationReport.Head(verified));
        }
        catch
        {
            connection.TryRollback();
            throw;
        }
    }

    /// <summary>
    /// A message queued in the backup that the hub accepted from the replaced database: the restored row takes that sealing
    /// (the envelope the hub and its recipients hold, its number, the hub's receipt), as if its own submit had been answered.
    /// Sealed again instead it would end Replay (other bytes), or, resent with the same bytes, be counted a second time for
    /// its recipients. Not when its number is another queued row's (the replaced database numbered it again): then it ends
    /// Replay, as after a hand copy.
    /// </summary>
    private static bool CarryAcceptance(SqliteConnection connection, ReplacedAcceptance accepted, long nowMs)
    {
        var messageId = Convert.FromHexString(accepted.MessageId);
        var localId = connection.Scalar(
            """
            UPDATE outbox SET envelope = $envelope, matching_tokens = NULL, sequence = $sequence, state = 2, state_at_ms = $at,
                receipt = $receipt, hub_sequence = $hub
            WHERE message_id = $id AND state = 1
              AND NOT EXISTS (SELECT 1 FROM outbox other WHERE other.sequence = $sequence AND other.message_id <> $id)
            RETURNING local_id;
            """,
            ("$envelope", accepted.Envelope), ("$sequence", accepted.Sequence), ("$at", accepted.AcceptedAtMs), ("$receipt", accepted.Receipt),
            ("$hub", accepted.HubSequence), ("$id", messageId));
        if (localId is not long carried)
        {
            return false;
        }

        NodeAudit.Append(connection, nowMs, "node", NodeAuditActions.Accepted, messageId, string.Create(CultureInfo.InvariantCulture,
            $"local_id={carried} hub_sequence={accepted.HubSequence} carried by restore from the replaced database (accepted there after the backup)"));
        return true;
    }

    private static string[] Sorted(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];
}
