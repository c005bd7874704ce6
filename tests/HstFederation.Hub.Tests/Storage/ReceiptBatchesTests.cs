using Google.Protobuf;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>The stored batch is a DeliveryReceiptBatch that protobuf reads back with every receipt, byte for byte, in order.</summary>
public sealed class ReceiptBatchesTests
{
    [Fact]
    public void Serialize_Receipts_ParseBackAsTheSameSignedStatementsInOrder()
    {
        // One receipt long enough that its length needs two varint bytes.
        var receipts = new[]
        {
            new SignedStatement { Statement = ByteString.CopyFromUtf8("a"), Signature = ByteString.CopyFrom(new byte[64]) },
            new SignedStatement { Statement = ByteString.CopyFrom(new byte[300]), SignerCertificate = ByteString.CopyFromUtf8("cert") },
            new SignedStatement(),
        };

        var batch = DeliveryReceiptBatch.Parser.ParseFrom(ReceiptBatches.Serialize(receipts.Select(receipt => receipt.ToByteArray())));

        Assert.Equal(receipts, batch.Receipts);
        Assert.Equal(new DeliveryReceiptBatch { Receipts = { receipts } }.ToByteArray(), ReceiptBatches.Serialize(receipts.Select(receipt => receipt.ToByteArray())));
    }
}
