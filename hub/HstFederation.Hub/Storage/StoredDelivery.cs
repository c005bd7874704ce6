using Google.Protobuf;
using HstFederation.Protocol.V1;
using WireDelivery = HstFederation.Protocol.V1.Delivery;

namespace HstFederation.Hub.Storage;

/// <summary>
/// One delivery for a subscriber. <see cref="Payload"/> is the canonical envelope bytes (Envelope) or the
/// serialized SignedStatement of a DeliveryReceipt (DeliveryReceipt), a LifecycleOrder or a LifecycleConfirmation; for a
/// relay stored since migration 8 (<see cref="Batched"/>), a serialized DeliveryReceiptBatch.
/// </summary>
internal sealed record StoredDelivery(long Cursor, DeliveryKind Kind, long HubSequence, byte[] Payload, bool Acknowledged, bool Batched = false)
{
    /// <summary>The item as the Subscribe stream sends it.</summary>
    public WireDelivery ToDelivery() => Kind switch
    {
        DeliveryKind.Envelope => new WireDelivery { Cursor = (ulong)Cursor, Envelope = ByteString.CopyFrom(Payload) },
        DeliveryKind.LifecycleOrder => new WireDelivery { Cursor = (ulong)Cursor, LifecycleOrder = SignedStatement.Parser.ParseFrom(Payload) },
        DeliveryKind.DeliveryReceipt when Batched => new WireDelivery { Cursor = (ulong)Cursor, DeliveryReceiptBatch = DeliveryReceiptBatch.Parser.ParseFrom(Payload) },
        DeliveryKind.LifecycleConfirmation => new WireDelivery { Cursor = (ulong)Cursor, LifecycleConfirmation = SignedStatement.Parser.ParseFrom(Payload) },
        _ => new WireDelivery { Cursor = (ulong)Cursor, DeliveryReceipt = SignedStatement.Parser.ParseFrom(Payload) },
    };
}
