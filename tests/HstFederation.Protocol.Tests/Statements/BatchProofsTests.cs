using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.Tests.Envelope;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Tests.Statements;

/// <summary>Delivery receipts signed a batch at a time through a Merkle root (docs/protocol.md §12.2).</summary>
public sealed class BatchProofsTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE", "IT");

    [Fact]
    public void MerkleTree_RootsAreRfc9162s_ForTwoAndThreeLeaves()
    {
        byte[][] leaves = [MerkleTree.LeafHash("a"u8), MerkleTree.LeafHash("b"u8), MerkleTree.LeafHash("c"u8)];

        Assert.Equal(MerkleTree.NodeHash(leaves[0], leaves[1]), MerkleTree.Build(leaves[..2]).Root);
        // Three leaves: the left subtree is the largest power of two below the size (two), the third stands alone.
        Assert.Equal(MerkleTree.NodeHash(MerkleTree.NodeHash(leaves[0], leaves[1]), leaves[2]), MerkleTree.Build(leaves).Root);
        Assert.Equal(leaves[0], MerkleTree.Build(leaves[..1]).Root);
        // A leaf is never hashed like a node: 0x00 and 0x01 prefixes.
        Assert.NotEqual(MerkleTree.LeafHash([]), System.Security.Cryptography.SHA256.HashData(ReadOnlySpan<byte>.Empty));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(64)]
    public void MerkleTree_EveryLeafsPath_LeadsToTheRoot_AndOnlyFromItsOwnPlace(int count)
    {
        var leaves = Enumerable.Range(0, count).Select(i => MerkleTree.LeafHash([(byte)i, (byte)(i >> 8)])).ToList();
        var (root, paths) = MerkleTree.Build(leaves);

        for (var i = 0; i < count; i++)
        {
            var path = paths[i].Select(p => (ReadOnlyMemory<byte>)p).ToList();
            Assert.Equal(root, MerkleTree.RootFromPath(i, count, leaves[i], path));
            if (count > 1)
            {
                Assert.NotEqual(root, MerkleTree.RootFromPath((i + 1) % count, count, leaves[i], path));
            }

            // Not checked: the same path under another tree size. It can lead to the same root (leaf 0 of 3 and of 4 have
            // paths of the same shape), which is why the size is signed with the root (the "leaf count" tampering below).
            Assert.Null(MerkleTree.RootFromPath(count, count, leaves[i], path));
        }
    }

    [Fact]
    public void MerkleTree_APathOfTheWrongLengthOrShape_LeadsNowhere()
    {
        var leaves = Enumerable.Range(0, 5).Select(i => MerkleTree.LeafHash([(byte)i])).ToList();
        var (root, paths) = MerkleTree.Build(leaves);
        var path = paths[2].Select(p => (ReadOnlyMemory<byte>)p).ToList();

        Assert.Null(MerkleTree.RootFromPath(2, 5, leaves[2], path[..^1]));
        Assert.Null(MerkleTree.RootFromPath(2, 5, leaves[2], [.. path, path[0]]));
        Assert.Null(MerkleTree.RootFromPath(2, 5, leaves[2], [path[0][..31], .. path[1..]]));
        var flipped = path.Select(p => p.ToArray()).ToList();
        flipped[1][0] ^= 1;
        Assert.NotEqual(root, MerkleTree.RootFromPath(2, 5, leaves[2], flipped.Select(p => (ReadOnlyMemory<byte>)p).ToList()));
    }

    [Fact]
    public void ABatchOfReceipts_EachVerifiesOnItsOwn_AndTogetherForOneSignatureVerification()
    {
        var signed = BatchProofs.SignDeliveryReceipts(Receipts("DE", 5), _world.Party("DE"));
        var roots = new VerifiedBatchRoots();

        foreach (var receipt in signed)
        {
            Assert.True(receipt.Signature.IsEmpty);
            Assert.Equal(5u, receipt.BatchProof.LeafCount);
            Assert.True(Verify(receipt).IsSuccess); // alone, as a source checks the one relayed to it
            var together = Verify(receipt, roots);
            Assert.True(together.IsSuccess, together.Rejection?.ToString());
            Assert.Equal("DE", together.Value!.Signer.Party.Code);
        }

        Assert.Equal(1, roots.Count);
    }

    [Fact]
    public void OneReceipt_IsSignedOnItsOwn_WithoutAProof()
    {
        var signed = Assert.Single(BatchProofs.SignDeliveryReceipts(Receipts("DE", 1), _world.Party("DE")));

        Assert.Null(signed.BatchProof);
        Assert.Equal(Signatures.SignatureSize, signed.Signature.Length);
        Assert.True(Verify(signed).IsSuccess);
    }

    public static TheoryData<string> Tamperings() =>
    [
        "statement", "leaf index", "leaf count", "path", "path dropped", "root signature", "signature beside the proof", "another signer's certificate",
    ];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void ATamperedBatchReceipt_IsRefused_AloneAndAfterItsBatchVerified(string tampering)
    {
        var batch = BatchProofs.SignDeliveryReceipts(Receipts("DE", 6), _world.Party("DE"));
        var roots = new VerifiedBatchRoots();
        Assert.True(Verify(batch[0], roots).IsSuccess); // the root is remembered as verified

        var receipt = batch[3].Clone();
        switch (tampering)
        {
            case "statement":
                var statement = receipt.Statement.ToByteArray();
                statement[^1] ^= 1;
                receipt.Statement = ByteString.CopyFrom(statement);
                break;
            case "leaf index":
                receipt.BatchProof.LeafIndex = 2;
                break;
            case "leaf count":
                receipt.BatchProof.LeafCount = 7;
                break;
            case "path":
                var node = receipt.BatchProof.Path[0].ToByteArray();
                node[0] ^= 1;
                receipt.BatchProof.Path[0] = ByteString.CopyFrom(node);
                break;
            case "path dropped":
                receipt.BatchProof.Path.RemoveAt(receipt.BatchProof.Path.Count - 1);
                break;
            case "root signature":
                var signature = receipt.BatchProof.RootSignature.ToByteArray();
                signature[5] ^= 1;
                receipt.BatchProof.RootSignature = ByteString.CopyFrom(signature);
                break;
            case "signature beside the proof":
                receipt.Signature = ByteString.CopyFrom(new byte[Signatures.SignatureSize]);
                break;
            case "another signer's certificate":
                receipt.SignerCertificate = ByteString.CopyFrom(_world.Party("IT").Signing.CertificateDer.Span);
                break;
        }

        Assert.Equal(RejectionReason.ReceiptInvalid, Verify(receipt).Reason);
        Assert.Equal(RejectionReason.ReceiptInvalid, Verify(receipt, roots).Reason);
    }

    [Fact]
    public void ABatchProof_OnAnyOtherKindOfStatement_IsRefused()
    {
        // A batch signature is only ever a delivery receipt's: its label says so, and no other kind may borrow it.
        var receipt = BatchProofs.SignDeliveryReceipts(Receipts("DE", 2), _world.Party("DE"))[0];

        var asAcceptance = SignedStatements.Verify(receipt, StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, _world.Pki.Trust, r => r.AcceptedAtMs);

        Assert.Equal(RejectionReason.ReceiptInvalid, asAcceptance.Reason);
        Assert.Contains("batch proof", asAcceptance.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AProofOfOneBatch_DoesNotVerifyAgainstAnotherBatchsRoot()
    {
        var first = BatchProofs.SignDeliveryReceipts(Receipts("DE", 4), _world.Party("DE"));
        var second = BatchProofs.SignDeliveryReceipts(Receipts("DE", 4), _world.Party("DE"));
        var roots = new VerifiedBatchRoots();
        Assert.True(Verify(second[0], roots).IsSuccess);

        var mixed = first[1].Clone();
        mixed.BatchProof.RootSignature = second[1].BatchProof.RootSignature;

        Assert.Equal(RejectionReason.ReceiptInvalid, Verify(mixed, roots).Reason);
    }

    private EnvelopeResult<Verified<DeliveryReceipt>> Verify(SignedStatement signed, VerifiedBatchRoots? roots = null) =>
        SignedStatements.Verify(signed, StatementKind.DeliveryReceipt, DeliveryReceipt.Parser, _world.Pki.Trust, r => r.ReceivedAtMs, roots);

    private List<DeliveryReceipt> Receipts(string recipient, int count) =>
        Enumerable.Range(0, count).Select(i => new DeliveryReceipt
        {
            Version = ProtocolVersions.Current,
            MessageId = ByteString.CopyFrom(MessageIds.NewId(_world.Time.GetUtcNow(), SystemRandomSource.Instance)),
            HeaderSha256 = ByteString.CopyFrom(new byte[32]),
            Sender = PartyId.Member("FR").Uri,
            Recipient = PartyId.Member(recipient).Uri,
            ReceivedAtMs = _world.Time.GetUtcNow().ToUnixTimeMilliseconds() + i,
        }).ToList();
}
