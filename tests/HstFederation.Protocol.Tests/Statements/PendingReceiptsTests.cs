using Google.Protobuf;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.Tests.Envelope;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Tests.Statements;

/// <summary>Receipts written at storage and signed when their acknowledge call is made.</summary>
public sealed class PendingReceiptsTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE");

    [Fact]
    public void Sign_SignsThePendingOnesAsOneBatch_LeavesTheOthers_AndKeepsWhatItSignedWhenSentAgain()
    {
        var calls = new List<Acknowledgement>
        {
            Pending(0), new() { Cursor = 9 }, Pending(1), Pending(2),
        };
        var signedBefore = BatchProofs.SignDeliveryReceipts([Receipt(3)], _world.Party("DE"))[0];
        calls.Add(new Acknowledgement { Cursor = 4, DeliveryReceipt = signedBefore });

        PendingReceipts.Sign(calls, _world.Party("DE"));

        Assert.Null(calls[1].DeliveryReceipt);
        Assert.Same(signedBefore, calls[4].DeliveryReceipt);
        var batch = new[] { calls[0], calls[2], calls[3] }.Select(a => a.DeliveryReceipt).ToList();
        Assert.All(batch, r => Assert.Equal(3u, r.BatchProof.LeafCount));
        Assert.Single(batch.Select(r => r.BatchProof.RootSignature).Distinct());
        Assert.All(batch, r => Assert.True(Verify(r)));

        var again = batch.Select(r => r.Clone()).ToList();
        PendingReceipts.Sign(calls, _world.Party("DE"));
        Assert.Equal(again, new[] { calls[0], calls[2], calls[3] }.Select(a => a.DeliveryReceipt));
    }

    [Fact]
    public void Sign_NotInOneBatch_SignsEachAlone()
    {
        var calls = new List<Acknowledgement> { Pending(0), Pending(1) };

        PendingReceipts.Sign(calls, _world.Party("DE"), inOneBatch: false);

        Assert.All(calls, a => Assert.Null(a.DeliveryReceipt.BatchProof));
        Assert.All(calls, a => Assert.True(Verify(a.DeliveryReceipt)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sign_AReceiptWrittenBeforeTheSigningCertificateWasValid_SaysItsNotBefore_AndVerifies_TheOthersAsWritten(bool inOneBatch)
    {
        var de = _world.Party("DE");
        var notBefore = de.Signing.NotBefore.ToUnixTimeMilliseconds();
        var early = Receipt(0);
        early.ReceivedAtMs = notBefore - 60_000;
        var later = Receipt(1);
        var calls = new List<Acknowledgement>
        {
            new() { Cursor = 1, DeliveryReceipt = PendingReceipts.Unsigned(early.ToByteString()) },
            new() { Cursor = 2, DeliveryReceipt = PendingReceipts.Unsigned(later.ToByteString()) },
        };

        PendingReceipts.Sign(calls, de, inOneBatch);

        Assert.All(calls, a => Assert.True(Verify(a.DeliveryReceipt)));
        var stamped = DeliveryReceipt.Parser.ParseFrom(calls[0].DeliveryReceipt.Statement);
        Assert.Equal(notBefore, stamped.ReceivedAtMs);
        stamped.ReceivedAtMs = early.ReceivedAtMs;
        Assert.Equal(early, stamped);
        Assert.Equal(later.ToByteString(), calls[1].DeliveryReceipt.Statement);
    }

    private Acknowledgement Pending(int i) => new() { Cursor = (ulong)i + 1, DeliveryReceipt = PendingReceipts.Unsigned(Receipt(i).ToByteString()) };

    private bool Verify(SignedStatement receipt) =>
        SignedStatements.Verify(receipt, StatementKind.DeliveryReceipt, DeliveryReceipt.Parser, _world.Pki.Trust, r => r.ReceivedAtMs).IsSuccess;

    private DeliveryReceipt Receipt(int i) => TestReceipts.Make(_world, "DE", i + 1)[i];
}
