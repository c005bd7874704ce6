using Google.Protobuf;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// One delivery for a subscriber. <see cref="Payload"/> is the canonical envelope bytes (Envelope) or the
/// serialized SignedStatement of a DeliveryReceipt (DeliveryReceipt).
/// </summary>
internal sealed record StoredDelivery(long Cursor, DeliveryKind Kind, long HubSequence, byte[] Payload, bool Acknowledged)
{
    /// <summary>The item as the Subscribe stream sends it.</summary>
    public Delivery ToDelivery() => Kind == DeliveryKind.Envelope
        ? new Delivery { Cursor = (ulong)Cursor, Envelope = ByteString.CopyFrom(Payload) }
        : new Delivery { Cursor = (ulong)Cursor, DeliveryReceipt = SignedStatement.Parser.ParseFrom(Payload) };
}
