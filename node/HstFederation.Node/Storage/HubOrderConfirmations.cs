using System.Security.Cryptography;
using HstFederation.Node.Audit;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// A holder's confirmation of an order the hub issued about this node's own message (the expiry, docs/lifecycle.md §4),
/// inside the writer's transaction. The caller verified the hub's signature on the order and the holder's on the
/// confirmation of exactly it; this checks the order against what this node sent — a message of its outbox the hub
/// accepted, under the signed header the order is bound to (the kept envelope's, or once this node's own sweep purged it,
/// the tombstone's) — and keeps both as evidence (Migration0012), audited under the message like a confirmation of an
/// order this node issued.
/// </summary>
internal static class HubOrderConfirmations
{
    private const int Accepted = 2;

    /// <summary>Null when recorded (or recorded before); otherwise why the order does not name a message this node sent.</summary>
    public static string? Record(
        WriteContext context, LifecycleOrder order, byte[] orderStatement, string holder, LifecycleOutcome outcome, byte[] confirmation)
    {
        var connection = context.Connection;
        var messageId = order.MessageId.ToByteArray();
        var sent = connection.Query(
            "SELECT local_id, state, envelope FROM outbox WHERE message_id = $id;",
            reader => reader.Read() ? (LocalId: reader.GetInt64(0), State: reader.GetInt64(1), Envelope: reader.IsDBNull(2) ? null : (byte[])reader[2]) : default((long LocalId, long State, byte[]? Envelope)?),
            ("$id", messageId));
        if (sent is not { State: Accepted } copy)
        {
            return "the hub's order names no message this node sent and the hub accepted";
        }

        var headerHash = copy.Envelope is { } envelope
            ? SHA256.HashData(Envelope.Parser.ParseFrom(envelope).Header.Span)
            : connection.Scalar(
                "SELECT header_hash FROM tombstones WHERE message_id = $id AND box = 'outbox' AND local_id = $local;", ("$id", messageId), ("$local", copy.LocalId)) as byte[];
        if (headerHash is null || !headerHash.AsSpan().SequenceEqual(order.HeaderSha256.Span))
        {
            return "the hub's order is bound to another signed header than the message this node sent";
        }

        var orderId = order.OrderId.ToByteArray();
        var added = connection.Execute(
            """
            INSERT INTO hub_order_confirmations
                (order_id, holder, outbox_local_id, message_id, action, order_statement, outcome, confirmation, confirmed_at_ms)
            VALUES ($order, $holder, $local, $id, $action, $statement, $outcome, $confirmation, $now)
            ON CONFLICT (order_id, holder) DO NOTHING;
            """,
            ("$order", orderId), ("$holder", holder), ("$local", copy.LocalId), ("$id", messageId), ("$action", LifecycleOrders.ActionName(order)),
            ("$statement", orderStatement), ("$outcome", (int)outcome), ("$confirmation", confirmation), ("$now", context.NowMs));
        if (added > 0)
        {
            NodeAudit.Append(connection, context.NowMs, holder, NodeAuditActions.LifecycleConfirmed, messageId,
                $"order_id={Convert.ToHexStringLower(orderId)} issuer={order.Issuer} outcome={(int)outcome}");
        }

        return null;
    }
}
