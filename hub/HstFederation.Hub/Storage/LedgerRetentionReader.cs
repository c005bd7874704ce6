using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>The retention part of <see cref="HubStore.LedgerAsync"/>, on a connection inside the caller's snapshot; each read by the message's hub sequence.</summary>
internal static class LedgerRetentionReader
{
    public static LedgerRetention? Read(SqliteConnection connection, long hubSequence)
    {
        var state = connection.Query(
            "SELECT retain_until_ms, state FROM message_lifecycle WHERE hub_sequence = $hub;",
            reader => reader.Read() ? (reader.GetInt64(0), (MessageState)reader.GetInt64(1)) : default((long Until, MessageState State)?),
            ("$hub", hubSequence));
        var reviews = Reviews(connection, hubSequence);
        var orders = Orders(connection, hubSequence);
        return state is null && reviews.Count == 0 && orders.Count == 0
            ? null
            : new LedgerRetention(state?.Until, state?.State, reviews, orders);
    }

    private static List<LedgerReview> Reviews(SqliteConnection connection, long hubSequence) =>
        connection.Query(
            """
            SELECT retain_until_ms, requested_at_ms, review_hub_sequence IS NOT NULL, decision, decided_at_ms
            FROM retention_reviews WHERE hub_sequence = $hub ORDER BY requested_at_ms, retain_until_ms;
            """,
            reader =>
            {
                var reviews = new List<LedgerReview>();
                while (reader.Read())
                {
                    reviews.Add(new LedgerReview(
                        reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2),
                        reader.IsDBNull(3) ? null : (RetentionDecision)reader.GetInt64(3), LedgerReader.Nullable(reader, 4)));
                }

                return reviews;
            },
            ("$hub", hubSequence));

    /// <summary>Through lifecycle_orders_by_message; the details come from the signed order the hub keeps as evidence.</summary>
    private static List<LedgerRetentionOrder> Orders(SqliteConnection connection, long hubSequence) =>
        connection.Query(
            """
            SELECT order_id, action, issuer, accepted_at_ms, signed_order FROM lifecycle_orders
            WHERE hub_sequence = $hub AND action IN ('extension', 'lapse', 'expiry') ORDER BY accepted_at_ms, order_id;
            """,
            reader =>
            {
                var orders = new List<LedgerRetentionOrder>();
                while (reader.Read())
                {
                    var order = LifecycleOrder.Parser.ParseFrom(SignedStatement.Parser.ParseFrom((byte[])reader[4]).Statement);
                    var (until, text) = order.ActionCase switch
                    {
                        LifecycleOrder.ActionOneofCase.Extension => (order.Extension.RetainUntilMs, order.Extension.Justification),
                        LifecycleOrder.ActionOneofCase.Expiry => (order.Expiry.RetainUntilMs, string.Empty),
                        LifecycleOrder.ActionOneofCase.Lapse => ((long?)null, order.Lapse.Note),
                        _ => ((long?)null, string.Empty),
                    };
                    orders.Add(new LedgerRetentionOrder((byte[])reader[0], reader.GetString(1), reader.GetString(2), reader.GetInt64(3), until, text));
                }

                return orders;
            },
            ("$hub", hubSequence));
}
