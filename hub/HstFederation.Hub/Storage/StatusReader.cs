using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>The reads behind <see cref="HubStore.StatusAsync"/>, on a connection inside the caller's snapshot.</summary>
internal static class StatusReader
{
    /// <summary>
    /// Undecided reviews (retention_reviews_undecided) whose message is still active at the date asked about: an extension
    /// decides the review, so a message still active at that date has not been answered; an expired one is over.
    /// </summary>
    public static IReadOnlyList<PendingReview> PendingReviews(SqliteConnection connection) =>
        connection.Query(
            """
            SELECT r.hub_sequence, m.sender, m.message_id, r.retain_until_ms, r.requested_at_ms, r.review_hub_sequence IS NOT NULL
            FROM retention_reviews r
            JOIN message_lifecycle l ON l.hub_sequence = r.hub_sequence AND l.state = 1 AND l.retain_until_ms = r.retain_until_ms
            JOIN messages m ON m.hub_sequence = r.hub_sequence
            WHERE r.decision IS NULL
            ORDER BY r.retain_until_ms, r.hub_sequence;
            """,
            reader =>
            {
                var pending = new List<PendingReview>();
                while (reader.Read())
                {
                    pending.Add(new PendingReview(
                        reader.GetInt64(0), PartyId.Parse(reader.GetString(1)), (byte[])reader[2], reader.GetInt64(3), reader.GetInt64(4), reader.GetBoolean(5)));
                }

                return pending;
            });

    /// <summary>
    /// Every order × holder without a confirmation (lifecycle_holders_outstanding), oldest first, with the holder's status
    /// from the registry.
    /// </summary>
    public static IReadOnlyList<OutstandingConfirmation> OutstandingConfirmations(SqliteConnection connection) =>
        connection.Query(
            """
            SELECT o.order_id, o.action, o.hub_sequence, m.sender, m.message_id, h.holder, o.accepted_at_ms, p.status
            FROM lifecycle_holders h
            JOIN lifecycle_orders o ON o.order_id = h.order_id
            JOIN messages m ON m.hub_sequence = o.hub_sequence
            LEFT JOIN members p ON p.party = h.holder
            WHERE h.outcome IS NULL
            ORDER BY o.accepted_at_ms, h.cursor;
            """,
            reader =>
            {
                var outstanding = new List<OutstandingConfirmation>();
                while (reader.Read())
                {
                    outstanding.Add(new OutstandingConfirmation(
                        (byte[])reader[0], reader.GetString(1), reader.GetInt64(2), PartyId.Parse(reader.GetString(3)), (byte[])reader[4],
                        PartyId.Parse(reader.GetString(5)), reader.GetInt64(6), reader.IsDBNull(7) ? null : (MemberStatus)reader.GetInt64(7)));
                }

                return outstanding;
            });
}
