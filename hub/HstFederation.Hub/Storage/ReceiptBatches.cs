using Google.Protobuf;

namespace HstFederation.Hub.Storage;

/// <summary>The stored form of a relayed batch of receipts: a serialized DeliveryReceiptBatch.</summary>
internal static class ReceiptBatches
{
    private const int ReceiptsField = Protocol.V1.DeliveryReceiptBatch.ReceiptsFieldNumber;

    /// <summary>
    /// A DeliveryReceiptBatch of <paramref name="receipts"/> (each a serialized SignedStatement), written field by field:
    /// an embedded message is encoded as its own bytes, so the verified receipts are stored exactly as the recipients
    /// sent them, without parsing each again on the writer.
    /// </summary>
    public static byte[] Serialize(IEnumerable<byte[]> receipts)
    {
        var list = receipts as IReadOnlyCollection<byte[]> ?? receipts.ToList();
        var size = 0;
        foreach (var receipt in list)
        {
            size += CodedOutputStream.ComputeTagSize(ReceiptsField) + CodedOutputStream.ComputeLengthSize(receipt.Length) + receipt.Length;
        }

        var bytes = new byte[size];
        using var output = new CodedOutputStream(bytes);
        foreach (var receipt in list)
        {
            output.WriteTag(ReceiptsField, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(UnsafeByteOperations.UnsafeWrap(receipt));
        }

        output.CheckNoSpaceLeft();
        return bytes;
    }
}
