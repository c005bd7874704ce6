using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Ledger;

/// <summary>The reads behind <see cref="NodeStore.LifecycleStatusAsync"/>, inside the caller's snapshot; each goes through an index.</summary>
internal static class LifecycleStatusReader
{
    public const int MaxListed = 20;

    private const string PendingReviews = "FROM retention_reviews WHERE decision IS NULL AND retain_until_ms > $now";

    /// <summary>Holders of accepted orders without a confirmation (an order still queued has no holders yet).</summary>
    private const string Outstanding =
        "FROM lifecycle_order_holders h JOIN lifecycle_orders_issued o ON o.order_id = h.order_id WHERE h.outcome IS NULL AND o.state = 2";

    private const string Expiring = """
        FROM (SELECT 'outbox' AS box, local_id, message_id, NULL AS sender, retain_until_ms FROM outbox
              WHERE purged_at_ms IS NULL AND retain_until_ms >= $now AND retain_until_ms < $until
              UNION ALL
              SELECT 'inbox', local_id, message_id, sender, retain_until_ms FROM inbox
              WHERE purged_at_ms IS NULL AND retain_until_ms >= $now AND retain_until_ms < $until)
        """;

    /// <summary>Refused by the hub: a pending recall dropped because the hub refused its message was never sent (PendingRecalls).</summary>
    private const string Refused = $"FROM lifecycle_orders_issued WHERE state = 3 AND refusal_reason NOT IN ('{PendingRecalls.Reason}', '{PendingRecalls.ExpiredReason}')";

    public static LifecycleStatus Read(SqliteConnection connection, long nowMs, long untilMs)
    {
        (string, object?)[] now = [("$now", nowMs)];
        (string, object?)[] window = [("$now", nowMs), ("$until", untilMs)];
        return new LifecycleStatus(
            Count(connection, PendingReviews, now),
            List(connection, $"SELECT message_id, retain_until_ms, requested_at_ms {PendingReviews} ORDER BY retain_until_ms LIMIT {MaxListed};",
                r => new PendingReview((byte[])r[0], r.GetInt64(1), r.GetInt64(2)), now),
            Count(connection, Outstanding, []),
            List(connection, $"SELECT o.order_id, o.message_id, o.action, h.holder, o.state_at_ms {Outstanding} ORDER BY o.state_at_ms, h.holder LIMIT {MaxListed};",
                r => new OutstandingConfirmation((byte[])r[0], (byte[])r[1], r.GetString(2), r.GetString(3), r.GetInt64(4)), []),
            Count(connection, Expiring, window),
            List(connection, $"SELECT box, local_id, message_id, sender, retain_until_ms {Expiring} ORDER BY retain_until_ms, box, local_id LIMIT {MaxListed};",
                r => new UpcomingExpiry(r.GetString(0) == "outbox" ? MessageBox.Outbox : MessageBox.Inbox, r.GetInt64(1), (byte[])r[2], LedgerReader.Text(r, 3), r.GetInt64(4)),
                window),
            Count(connection, Refused, []),
            List(connection, $"SELECT order_id, message_id, action, refusal_reason, state_at_ms {Refused} ORDER BY state_at_ms DESC LIMIT {MaxListed};",
                r => new RefusedOrder((byte[])r[0], (byte[])r[1], r.GetString(2), r.GetString(3), r.GetInt64(4)), []),
            ExpiryReportReader.Count(connection),
            ExpiryReportReader.Latest(connection, MaxListed));
    }

    private static long Count(SqliteConnection connection, string from, (string, object?)[] parameters) =>
        (long)connection.Scalar($"SELECT COUNT(*) {from};", parameters)!;

    private static List<T> List<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> row, (string, object?)[] parameters) =>
        connection.Query(
            sql,
            reader =>
            {
                var items = new List<T>();
                while (reader.Read())
                {
                    items.Add(row(reader));
                }

                return items;
            },
            parameters);
}
