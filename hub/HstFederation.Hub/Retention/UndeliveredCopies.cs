using HstFederation.Hub.Storage;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Retention;

/// <summary>
/// The recipients an expiry leaves without the message (docs/lifecycle.md §5): every envelope delivery of it, an
/// addressee's or a forwarded copy's, neither acknowledged nor withdrawn before — the ones <c>HubCopies.Purge</c> is
/// about to withdraw. Read inside the expiry's writer transaction, before the purge, so the set is exactly what it
/// withdraws. A delivery a restriction withdrew earlier is not among them: the source's own order took it away.
/// </summary>
internal static class UndeliveredCopies
{
    public static List<UndeliveredCopy> Read(SqliteConnection connection, long hubSequence, byte[] messageId)
    {
        // deliveries_by_message (hub_sequence, kind); the forward's time for a forwarded copy, else the acceptance.
        var rows = connection.Query(
            """
            SELECT d.recipient, d.cursor, f.forwarded_at_ms, m.accepted_at_ms
            FROM deliveries d
            JOIN messages m ON m.hub_sequence = d.hub_sequence
            LEFT JOIN forwards f ON f.forward_id = d.forward_id
            WHERE d.hub_sequence = $hub AND d.kind = 1 AND d.acked_at_ms IS NULL AND d.withdrawn_at_ms IS NULL
            ORDER BY d.recipient;
            """,
            reader =>
            {
                var found = new List<(string Recipient, long Cursor, long? ForwardedAtMs, long AcceptedAtMs)>();
                while (reader.Read())
                {
                    found.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt64(3)));
                }

                return found;
            },
            ("$hub", hubSequence));
        if (rows.Count == 0)
        {
            return [];
        }

        var after = QueuedAuditSeq(connection, messageId);
        return rows.ConvertAll(row => new UndeliveredCopy
        {
            Recipient = row.Recipient,
            ForwardedCopy = row.ForwardedAtMs is not null,
            QueuedAtMs = row.ForwardedAtMs ?? row.AcceptedAtMs,
            // Walks the deliver entries written since the acceptance; runs only for a delivery never acknowledged, at its expiry.
            FirstStreamedAtMs = DeliverPages.FirstCovering(connection, row.Recipient, row.Cursor, after) ?? 0,
        });
    }

    /// <summary>
    /// The message's first audit entry (its acceptance, through audit_by_message): no page of any stream can have carried
    /// one of its deliveries before it.
    /// </summary>
    private static long QueuedAuditSeq(SqliteConnection connection, byte[] messageId) =>
        connection.Scalar("SELECT min(seq) FROM audit WHERE message_id = $id;", ("$id", messageId)) as long? ?? 0;
}
