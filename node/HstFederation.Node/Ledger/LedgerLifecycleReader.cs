using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Ledger;

/// <summary>The ledger's reads of the lifecycle tables (Migration0009, Migration0012), inside the caller's snapshot.</summary>
internal static class LedgerLifecycleReader
{
    /// <summary>The orders this node issued about its message <paramref name="messageId"/>, oldest first, each with its holders.</summary>
    public static List<SentOrder> OrdersIssued(SqliteConnection connection, byte[] messageId)
    {
        var orders = connection.Query(
            """
            SELECT order_id, action, actor, created_at_ms, state, state_at_ms, refusal_reason, order_statement,
                   state = 1 AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.local_id = outbox_local_id AND outbox.state = 2)
            FROM lifecycle_orders_issued WHERE message_id = $id ORDER BY created_at_ms, order_id;
            """,
            reader =>
            {
                var rows = new List<SentOrder>();
                while (reader.Read())
                {
                    rows.Add(new SentOrder(
                        (byte[])reader[0], reader.GetString(1), reader.GetString(2), reader.GetInt64(3), (IssuedOrderState)reader.GetInt64(4), reader.GetInt64(5),
                        LedgerReader.Text(reader, 6), LedgerOrder.Parse((byte[])reader[7]), [], reader.GetInt64(8) != 0));
                }

                return rows;
            },
            ("$id", messageId));
        return [.. orders.Select(order => order with { Holders = Holders(connection, order.OrderId) })];
    }

    /// <summary>
    /// The orders the hub issued about this node's message <paramref name="messageId"/> whose confirmations it relayed, oldest
    /// first (an order id is a UUIDv7), each with the holders that confirmed it. One row per order and holder, each with the order.
    /// </summary>
    public static List<HubOrder> HubOrders(SqliteConnection connection, byte[] messageId)
    {
        var confirmations = connection.Query(
            """
            SELECT order_id, action, order_statement, holder, outcome, confirmed_at_ms
            FROM hub_order_confirmations WHERE message_id = $id ORDER BY order_id, holder;
            """,
            reader =>
            {
                var rows = new List<(byte[] OrderId, string Action, byte[] Statement, OrderHolder Holder)>();
                while (reader.Read())
                {
                    rows.Add(((byte[])reader[0], reader.GetString(1), (byte[])reader[2],
                        new OrderHolder(reader.GetString(3), (LifecycleOutcome)reader.GetInt64(4), reader.GetInt64(5))));
                }

                return rows;
            },
            ("$id", messageId));
        return [.. confirmations.GroupBy(row => Convert.ToHexStringLower(row.OrderId)).Select(order =>
        {
            var first = order.First();
            return new HubOrder(first.OrderId, first.Action, LedgerOrder.Parse(first.Statement), [.. order.Select(row => row.Holder)]);
        })];
    }

    public static List<ReceivedOrder> OrdersReceived(SqliteConnection connection, byte[] messageId) =>
        connection.Query(
            """
            SELECT order_id, source, action, outcome, applied_at_ms, order_statement
            FROM lifecycle_orders_received WHERE message_id = $id ORDER BY applied_at_ms, order_id;
            """,
            reader =>
            {
                var rows = new List<ReceivedOrder>();
                while (reader.Read())
                {
                    rows.Add(new ReceivedOrder(
                        (byte[])reader[0], reader.GetString(1), reader.GetString(2), (LifecycleOutcome)reader.GetInt64(3), reader.GetInt64(4),
                        LedgerOrder.Parse((byte[])reader[5])));
                }

                return rows;
            },
            ("$id", messageId));

    public static List<LedgerTombstone> Tombstones(SqliteConnection connection, byte[] messageId) =>
        connection.Query(
            """
            SELECT sender, cause, order_id, outcome, purged_at_ms, box, local_id
            FROM tombstones WHERE message_id = $id ORDER BY sender;
            """,
            reader =>
            {
                var rows = new List<LedgerTombstone>();
                while (reader.Read())
                {
                    rows.Add(new LedgerTombstone(
                        reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : (byte[])reader[2], (LifecycleOutcome)reader.GetInt64(3),
                        reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5) == "outbox" ? MessageBox.Outbox : MessageBox.Inbox,
                        LedgerReader.Nullable(reader, 6)));
                }

                return rows;
            },
            ("$id", messageId));

    public static List<LedgerReview> Reviews(SqliteConnection connection, byte[] messageId) =>
        connection.Query(
            """
            SELECT retain_until_ms, requested_at_ms, holders, decision, decided_at_ms
            FROM retention_reviews WHERE message_id = $id ORDER BY id;
            """,
            reader =>
            {
                var rows = new List<LedgerReview>();
                while (reader.Read())
                {
                    rows.Add(new LedgerReview(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), LedgerReader.Text(reader, 3), LedgerReader.Nullable(reader, 4)));
                }

                return rows;
            },
            ("$id", messageId));

    private static List<OrderHolder> Holders(SqliteConnection connection, byte[] orderId) =>
        connection.Query(
            "SELECT holder, outcome, confirmed_at_ms FROM lifecycle_order_holders WHERE order_id = $order ORDER BY holder;",
            reader =>
            {
                var rows = new List<OrderHolder>();
                while (reader.Read())
                {
                    rows.Add(new OrderHolder(
                        reader.GetString(0), reader.IsDBNull(1) ? null : (LifecycleOutcome)reader.GetInt64(1), LedgerReader.Nullable(reader, 2)));
                }

                return rows;
            },
            ("$order", orderId));
}
