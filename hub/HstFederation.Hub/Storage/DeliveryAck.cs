namespace HstFederation.Hub.Storage;

/// <summary>
/// A subscriber's acknowledgement of one delivery. For an envelope delivery, <see cref="DeliveryReceipt"/>
/// is the recipient's serialized, already verified SignedStatement of a DeliveryReceipt; for a relayed
/// receipt it is ignored. <see cref="ReceiptMessageId"/> is the message id the receipt names; it must be
/// the delivered message's, <see cref="ReceiptSender"/> its sender's and <see cref="ReceiptHeaderSha256"/> its header's,
/// so a receipt cannot be replayed onto another delivery nor acknowledge a header the source did not send.
/// </summary>
internal readonly record struct DeliveryAck(long Cursor, byte[]? DeliveryReceipt, byte[]? ReceiptMessageId = null, string? ReceiptSender = null)
{
    /// <summary>
    /// The header hash the receipt names: it must be the delivered envelope's, so that the receipt binds exactly what the
    /// source sent (docs/protocol.md §12.2). Null: not checked (a relayed receipt, or a store test without one).
    /// </summary>
    public byte[]? ReceiptHeaderSha256 { get; init; }

    /// <summary>For a lifecycle order: the holder's verified confirmation of exactly that order (serialized SignedStatement).</summary>
    public ConfirmedOrder? Confirmation { get; init; }

    public static DeliveryAck Of(long cursor, byte[]? deliveryReceipt = null, byte[]? receiptMessageId = null, string? receiptSender = null) =>
        new(cursor, deliveryReceipt, receiptMessageId, receiptSender);

    public bool HasReceipt => DeliveryReceipt is { Length: > 0 };

    public override string ToString() => HasReceipt ? $"ack {Cursor} with receipt" : $"ack {Cursor}";
}
