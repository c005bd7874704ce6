using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Storage.Audit;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A holder's confirmation of a lifecycle order, inside the acknowledging transaction: recorded on the holder's row of
/// the order, relayed to the message's source as a kind-4 delivery (relays_cursor is UNIQUE: once), and audited. The
/// relay of a confirmation of an order the hub issued itself (an expiry) is streamed with that order, which the source
/// never held and needs to verify it (<see cref="StoredDelivery.HubOrder"/>, docs/lifecycle.md §4).
/// </summary>
internal static class LifecycleConfirmationRows
{
    public static void Record(
        WriteContext context, AuditAppender audit, PartyId holder, string source, long hubSequence, byte[] messageId, long cursor, ConfirmedOrder confirmed,
        string? certificate)
    {
        var connection = context.Connection;
        connection.Execute(
            """
            UPDATE lifecycle_holders SET outcome = $outcome, confirmation = $confirmation, confirmed_at_ms = $now
            WHERE cursor = $cursor AND outcome IS NULL;
            """,
            ("$outcome", (long)confirmed.Outcome),
            ("$confirmation", confirmed.Confirmation),
            ("$now", context.NowMs),
            ("$cursor", cursor));

        // The hub's own messages have no member source to tell.
        if (!string.Equals(source, PartyId.Hub.Uri, StringComparison.Ordinal)
            && connection.Scalar(
                """
                INSERT INTO deliveries (recipient, kind, hub_sequence, delivery_receipt, relays_cursor, order_id)
                VALUES ($source, 4, $hub, $confirmation, $relays, $order)
                ON CONFLICT (relays_cursor) DO NOTHING
                RETURNING cursor;
                """,
                ("$source", source),
                ("$hub", hubSequence),
                ("$confirmation", confirmed.Confirmation),
                ("$relays", cursor),
                ("$order", confirmed.OrderId)) is long relayed)
        {
            context.AddedDelivery(source, relayed);
        }

        audit.Append(context.NowMs, holder.Uri, AuditActions.LifecycleConfirmation, messageId,
            $"order={Convert.ToHexStringLower(confirmed.OrderId)} outcome={(LifecycleOutcome)confirmed.Outcome} cursor={cursor}", certificate);
    }
}
