using HstFederation.Node.Audit;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// The order outbox inside the writer's transaction: orders this node signed as a message's source, stored before the
/// command reports success, then accepted (the hub's receipt and the holders it names) or refused; and the holders'
/// confirmations relayed back. Holder rows are upserted from either side: a confirmation can overtake the receipt.
/// </summary>
internal static class OrderOutboxTransactions
{
    /// <param name="pending">A recall waiting for the hub's answer to its version (<see cref="PendingRecalls"/>): its audit entry says so.</param>
    public static void Enqueue(
        WriteContext context, byte[] orderId, long outboxLocalId, byte[] messageId, string action, string actor, byte[] statement, bool pending = false)
    {
        context.Connection.Execute(
            """
            INSERT INTO lifecycle_orders_issued (order_id, outbox_local_id, message_id, action, actor, order_statement, state, created_at_ms, state_at_ms)
            VALUES ($order, $local, $message, $action, $actor, $statement, 1, $now, $now);
            """,
            ("$order", orderId), ("$local", outboxLocalId), ("$message", messageId), ("$action", action), ("$actor", actor),
            ("$statement", statement), ("$now", context.NowMs));
        NodeAudit.Append(context.Connection, context.NowMs, actor, NodeAuditActions.LifecycleIssued, messageId,
            $"order_id={Convert.ToHexStringLower(orderId)} action={action} local_id={outboxLocalId}" + (pending ? " pending until the hub accepts the message" : string.Empty));
    }

    /// <summary>Returns how many product copies the order purged here (<see cref="SourceCopy"/>: a recall's).</summary>
    public static int Accept(WriteContext context, byte[] orderId, byte[] receipt, IReadOnlyList<string> holders, LifecycleOrder? order)
    {
        var changed = context.Connection.Execute(
            "UPDATE lifecycle_orders_issued SET state = 2, receipt = $receipt, state_at_ms = $now WHERE order_id = $order AND state = 1;",
            ("$receipt", receipt), ("$now", context.NowMs), ("$order", orderId));
        if (changed == 0)
        {
            return 0;
        }

        foreach (var holder in holders.Distinct(StringComparer.Ordinal))
        {
            context.Connection.Execute(
                "INSERT INTO lifecycle_order_holders (order_id, holder) VALUES ($order, $holder) ON CONFLICT DO NOTHING;",
                ("$order", orderId), ("$holder", holder));
        }

        var purged = order is null ? 0 : SourceCopy.Apply(context, order);
        NodeAudit.Append(context.Connection, context.NowMs, "hub", NodeAuditActions.LifecycleAccepted, order?.MessageId.ToByteArray(),
            $"order_id={Convert.ToHexStringLower(orderId)} holders={holders.Count}");
        return purged;
    }

    public static void Refuse(WriteContext context, byte[] orderId, string reason, string detail)
    {
        var changed = context.Connection.Execute(
            """
            UPDATE lifecycle_orders_issued SET state = 3, refusal_reason = $reason, refusal_detail = $detail, state_at_ms = $now
            WHERE order_id = $order AND state = 1;
            """,
            ("$reason", reason), ("$detail", detail), ("$now", context.NowMs), ("$order", orderId));
        if (changed > 0)
        {
            NodeAudit.Append(context.Connection, context.NowMs, "hub", NodeAuditActions.LifecycleRefused, OrderMessageId(context.Connection, orderId),
                $"order_id={Convert.ToHexStringLower(orderId)} reason={reason}");
        }
    }

    /// <summary>Records a verified confirmation; false when this holder's confirmation was recorded already.</summary>
    public static bool Confirm(WriteContext context, byte[] orderId, string holder, int outcome, byte[] confirmation)
    {
        var changed = context.Connection.Execute(
            """
            INSERT INTO lifecycle_order_holders (order_id, holder, outcome, confirmation, confirmed_at_ms)
            VALUES ($order, $holder, $outcome, $confirmation, $now)
            ON CONFLICT (order_id, holder) DO UPDATE SET
                outcome = excluded.outcome, confirmation = excluded.confirmation, confirmed_at_ms = excluded.confirmed_at_ms
            WHERE confirmation IS NULL;
            """,
            ("$order", orderId), ("$holder", holder), ("$outcome", outcome), ("$confirmation", confirmation), ("$now", context.NowMs));
        if (changed > 0)
        {
            NodeAudit.Append(context.Connection, context.NowMs, holder, NodeAuditActions.LifecycleConfirmed, OrderMessageId(context.Connection, orderId),
                $"order_id={Convert.ToHexStringLower(orderId)} outcome={outcome}");
        }

        return changed > 0;
    }

    /// <summary>The message an issued order is about: its audit entries carry it, so the message's ledger lists them.</summary>
    private static byte[]? OrderMessageId(SqliteConnection connection, byte[] orderId) =>
        connection.Scalar("SELECT message_id FROM lifecycle_orders_issued WHERE order_id = $order;", ("$order", orderId)) as byte[];

    public static IssuedOrder? Find(SqliteConnection connection, byte[] orderId) => Read(connection, "WHERE order_id = $p", orderId).FirstOrDefault();

    /// <summary>The orders the sender may send: queued, their version accepted by the hub (else pending, <see cref="PendingRecalls"/>).</summary>
    public static IReadOnlyList<IssuedOrder> Queued(SqliteConnection connection) =>
        Read(connection, "WHERE state = 1 AND EXISTS (SELECT 1 FROM outbox WHERE outbox.local_id = outbox_local_id AND outbox.state = 2)", null);

    public static IReadOnlyList<IssuedOrder> ForMessage(SqliteConnection connection, byte[] messageId) => Read(connection, "WHERE message_id = $p", messageId);

    private static List<IssuedOrder> Read(SqliteConnection connection, string where, byte[]? parameter)
    {
        using var command = connection.Command(
            $"""
            SELECT order_id, outbox_local_id, message_id, action, order_statement, state, receipt, refusal_reason, refusal_detail, created_at_ms, state_at_ms
            FROM lifecycle_orders_issued {where} ORDER BY created_at_ms, order_id;
            """,
            ("$p", parameter));
        using var reader = command.ExecuteReader();
        var orders = new List<IssuedOrder>();
        while (reader.Read())
        {
            orders.Add(new IssuedOrder(
                (byte[])reader[0], reader.GetInt64(1), (byte[])reader[2], reader.GetString(3), (byte[])reader[4], reader.GetInt32(5),
                reader.IsDBNull(6) ? null : (byte[])reader[6], reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetInt64(9), reader.GetInt64(10)));
        }

        return orders;
    }
}
