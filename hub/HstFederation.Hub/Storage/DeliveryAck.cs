namespace HstFederation.Hub.Storage;

/// <summary>
/// A subscriber's acknowledgement of one delivery. For an envelope delivery, <see cref="DeliveryReceipt"/>
/// is the recipient's serialized, already verified SignedStatement of a DeliveryReceipt; for a relayed
/// receipt it is ignored.
/// </summary>
internal readonly record struct DeliveryAck(long Cursor, byte[]? DeliveryReceipt)
{
    public static DeliveryAck Of(long cursor, byte[]? deliveryReceipt = null) => new(cursor, deliveryReceipt);

    public bool HasReceipt => DeliveryReceipt is { Length: > 0 };

    public override string ToString() => HasReceipt ? $"ack {Cursor} with receipt" : $"ack {Cursor}";
}
