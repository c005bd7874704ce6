using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Lifecycle;

/// <summary>
/// An order queued to one holder (docs/lifecycle.md §4): its kind-3 delivery in the holder's stream and the
/// <c>lifecycle_holders</c> row that makes its confirmation expected and checked, in the caller's writer transaction.
/// </summary>
internal static class HolderOrders
{
    public static void Queue(WriteContext context, long hubSequence, byte[] orderId, LifecycleHolder holder, LifecycleOutcome expected)
    {
        var connection = context.Connection;
        var cursor = (long)connection.Scalar(
            "INSERT INTO deliveries (recipient, kind, hub_sequence, order_id) VALUES ($recipient, 3, $hub, $order) RETURNING cursor;",
            ("$recipient", holder.Party.Uri),
            ("$hub", hubSequence),
            ("$order", orderId))!;
        connection.Execute(
            """
            INSERT INTO lifecycle_holders (order_id, holder, forwarded_copy, expected, cursor)
            VALUES ($order, $holder, $forwarded, $expected, $cursor);
            """,
            ("$order", orderId),
            ("$holder", holder.Party.Uri),
            ("$forwarded", holder.ForwardedCopy ? 1 : 0),
            ("$expected", (long)expected),
            ("$cursor", cursor));
        context.AddedDelivery(holder.Party.Uri, cursor);
    }

    /// <summary>
    /// A forward's new holder gets the source's earlier orders still in force — every restriction and extension, in the
    /// order the hub accepted them — queued behind its envelope, so its copy ends under the handling and retention date in
    /// force and not the signed header's. All of them, not the last of each kind: a restriction adds its excluded members
    /// to the ones before it. Each is expected APPLIED: the forward was allowed under the handling they leave
    /// (ForwardTransaction), and each earlier one is no stricter. A recall or expiry cannot precede (a withdrawn message is
    /// not forwarded); a lapse is never relayed. An order this party already holds a row for (it is also a direct
    /// recipient) is not queued again. In rowid order, the order the writer applied them whatever the clock read (the hub
    /// never VACUUMs): the holder replays each against the one before, as the hub checked it (a restriction never loosens).
    /// Returns how many were queued.
    /// </summary>
    public static int QueueInForce(WriteContext context, long hubSequence, PartyId holder)
    {
        var orders = context.Connection.Query(
            """
            SELECT o.order_id FROM lifecycle_orders o
            WHERE o.hub_sequence = $hub AND o.action IN ('restriction', 'extension')
              AND NOT EXISTS (SELECT 1 FROM lifecycle_holders h WHERE h.order_id = o.order_id AND h.holder = $holder)
            ORDER BY o.rowid;
            """,
            reader =>
            {
                var ids = new List<byte[]>();
                while (reader.Read())
                {
                    ids.Add((byte[])reader[0]);
                }

                return ids;
            },
            ("$hub", hubSequence),
            ("$holder", holder.Uri));
        foreach (var orderId in orders)
        {
            Queue(context, hubSequence, orderId, new LifecycleHolder(holder, ForwardedCopy: true), LifecycleOutcome.Applied);
        }

        return orders.Count;
    }
}
