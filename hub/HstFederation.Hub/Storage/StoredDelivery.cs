using Google.Protobuf;
using HstFederation.Protocol.V1;
using WireDelivery = HstFederation.Protocol.V1.Delivery;

namespace HstFederation.Hub.Storage;

/// <summary>
/// One delivery for a subscriber. <see cref="Payload"/> is the canonical envelope bytes (Envelope) or the
/// serialized SignedStatement of a DeliveryReceipt (DeliveryReceipt), a LifecycleOrder or a LifecycleConfirmation; for a
/// relay stored since migration 8 (<see cref="Batched"/>), a serialized DeliveryReceiptBatch. <see cref="HubOrder"/>:
/// for a relayed confirmation of an order the hub issued itself (an expiry), that signed order, sent with it so the source
/// can verify the confirmation (docs/lifecycle.md §4); null otherwise.
/// </summary>
internal sealed record StoredDelivery(
    long Cursor, DeliveryKind Kind, long HubSequence, byte[] Payload, bool Acknowledged, bool Batched = false, byte[]? HubOrder = null)
{
    /// <summary>
    /// The items as the Subscribe stream sends them: one, except a relayed batch to a subscriber that did not ask for
    /// batches (a node from before them), which gets each receipt as its own item under the batch's cursor.
    /// </summary>
    public IEnumerable<WireDelivery> ToDeliveries(bool receiptBatches)
    {
        if (receiptBatches || !(Kind == DeliveryKind.DeliveryReceipt && Batched))
        {
            yield return ToDelivery();
            yield break;
        }

        foreach (var receipt in DeliveryReceiptBatch.Parser.ParseFrom(Payload).Receipts)
        {
            yield return new WireDelivery { Cursor = (ulong)Cursor, DeliveryReceipt = receipt };
        }
    }

    /// <summary>The item as the Subscribe stream sends it to a subscriber that takes receipt batches.</summary>
    public WireDelivery ToDelivery() => Kind switch
    {
        // Wrapped, not copied: the payload was read for this item alone and nothing writes to it.
        DeliveryKind.Envelope => new WireDelivery { Cursor = (ulong)Cursor, Envelope = UnsafeByteOperations.UnsafeWrap(Payload) },
        DeliveryKind.LifecycleOrder => new WireDelivery { Cursor = (ulong)Cursor, LifecycleOrder = SignedStatement.Parser.ParseFrom(Payload) },
        DeliveryKind.DeliveryReceipt when Batched => new WireDelivery { Cursor = (ulong)Cursor, DeliveryReceiptBatch = DeliveryReceiptBatch.Parser.ParseFrom(Payload) },
        DeliveryKind.LifecycleConfirmation => new WireDelivery
        {
            Cursor = (ulong)Cursor,
            LifecycleConfirmation = SignedStatement.Parser.ParseFrom(Payload),
            ConfirmedOrder = HubOrder is null ? null : SignedStatement.Parser.ParseFrom(HubOrder),
        },
        _ => new WireDelivery { Cursor = (ulong)Cursor, DeliveryReceipt = SignedStatement.Parser.ParseFrom(Payload) },
    };
}
