using System.Globalization;
using HstFederation.Node.Audit;

namespace HstFederation.Node.Storage;

/// <summary>
/// Numbers a queued message again after the hub refused it as <c>SequenceReused</c>, in the writer's transaction.
/// <para>
/// The usual cause is this node restored from a backup: it numbers from the backup's count, and the hub already accepted
/// what it sent after the backup under those numbers. The hub looks for a repeat of the message id before it looks at the
/// sequence, so the refusal proves it never accepted this message: it may be sealed again, same id, a new number. Every
/// queued message never sealed (no kept envelope: never submitted) numbered at or below the hub's highest would be refused
/// the same way, so it is numbered again too, in queue order. A sealed one is left as it is: it may have reached the hub
/// (a lost answer), and only its own refusal proves otherwise.
/// </para>
/// <para>
/// The new numbers start above both the hub's highest and this node's own count (<c>sequence_state</c>), which is at least
/// every number in the outbox: so they never meet one in use (outbox.sequence is UNIQUE), and the count moves past them.
/// </para>
/// </summary>
internal static class OutboxRenumbering
{
    /// <summary>The reason a refused message keeps when it is not numbered again (recalled meanwhile): the hub's.</summary>
    public const string Reason = "SequenceReused";

    /// <summary>
    /// Renumbers <paramref name="localId"/> and the never-sealed queued messages numbered at or below
    /// <paramref name="hubHighest"/>, drops the refused one's kept envelope and tokens, and audits each as
    /// <see cref="NodeAuditActions.Renumbered"/>. Null when it is no longer queued, or a recall of it is pending: then it ends
    /// refused (as <see cref="OutboxTransactions.ForgetSealed"/> does), never sealed again.
    /// </summary>
    public static OutboxRenumbered? Renumber(WriteContext context, long localId, long hubHighest)
    {
        var connection = context.Connection;
        if (connection.Scalar("SELECT 1 FROM outbox WHERE local_id = $local AND state = 1;", ("$local", localId)) is null)
        {
            return null;
        }

        if (PendingRecalls.Any(context, localId))
        {
            OutboxTransactions.MarkRejected(context, localId, Reason,
                "the hub already holds this number from this NCB; not numbered and sealed again because the operator recalled it");
            return null;
        }

        var floor = Math.Max((long)connection.Scalar("SELECT last_sequence FROM sequence_state WHERE id = 1;")!, hubHighest);
        var rows = connection.Query(
            """
            SELECT local_id, message_id, sequence FROM outbox
            WHERE state = 1 AND (local_id = $local OR (envelope IS NULL AND sequence <= $hub))
            ORDER BY local_id;
            """,
            reader =>
            {
                var found = new List<(long LocalId, byte[] MessageId, long Sequence)>();
                while (reader.Read())
                {
                    found.Add((reader.GetInt64(0), (byte[])reader[1], reader.GetInt64(2)));
                }

                return found;
            },
            ("$local", localId), ("$hub", hubHighest));

        var next = floor;
        var refusedNumber = 0L;
        foreach (var (rowId, messageId, old) in rows)
        {
            next++;
            var refused = rowId == localId;
            connection.Execute(
                refused
                    ? "UPDATE outbox SET sequence = $sequence, envelope = NULL, matching_tokens = NULL WHERE local_id = $local;"
                    : "UPDATE outbox SET sequence = $sequence WHERE local_id = $local;",
                ("$sequence", next), ("$local", rowId));
            NodeAudit.Append(connection, context.NowMs, "node", NodeAuditActions.Renumbered, messageId, string.Create(CultureInfo.InvariantCulture,
                $"local_id={rowId} sequence={old}->{next} hub_highest={hubHighest} {(refused ? "refused=SequenceReused" : "never-sealed")}"));
            refusedNumber = refused ? next : refusedNumber;
        }

        connection.Execute("UPDATE sequence_state SET last_sequence = $last WHERE id = 1;", ("$last", next));
        return new OutboxRenumbered(refusedNumber, rows.Count, hubHighest);
    }
}
