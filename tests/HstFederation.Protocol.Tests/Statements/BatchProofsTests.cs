using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
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

    // The reference tree of RFC 9162 / Certificate Transparency (transparency-dev/merkle testonly): leaf inputs, the roots
    // over the first 1..8 of them, and inclusion proofs.
    private static readonly string[] ReferenceLeaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    private static readonly string[] ReferenceRoots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void MerkleTree_MatchesTheReferenceRoots()
    {
        for (var size = 1; size <= ReferenceLeaves.Length; size++)
        {
            var leaves = ReferenceLeaves.Take(size).Select(h => MerkleTree.LeafHash(Convert.FromHexString(h))).ToList();
            Assert.Equal(ReferenceRoots[size - 1], Convert.ToHexStringLower(MerkleTree.Build(leaves).Root));
        }
    }

    [Theory]
    [InlineData(1, 2, new[] { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d" })]
    [InlineData(2, 3, new[] { "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" })]
    [InlineData(1, 5, new[] { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" })]
    [InlineData(0, 8, new[] { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" })]
    [InlineData(5, 8, new[] { "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" })]
    public void MerkleTree_MatchesTheReferenceInclusionProofs(int index, int size, string[] expected)
    {
        var leaves = ReferenceLeaves.Take(size).Select(h => MerkleTree.LeafHash(Convert.FromHexString(h))).ToList();
        var (root, paths) = MerkleTree.Build(leaves);

        Assert.Equal(expected, paths[index].Select(Convert.ToHexStringLower));
        Assert.Equal(root, MerkleTree.RootFromPath(index, size, leaves[index], expected.Select(h => (ReadOnlyMemory<byte>)Convert.FromHexString(h)).ToList()));
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
        "statement", "leaf index", "leaf count", "path", "path dropped", "path of 33", "root signature", "signature beside the proof",
        "another signer's certificate", "nonce", "nonce of 15 bytes",
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
                receipt.Statement = Flipped(receipt.Statement, receipt.Statement.Length - 1);
                break;
            case "leaf index":
                receipt.BatchProof.LeafIndex = 2;
                break;
            case "leaf count":
                receipt.BatchProof.LeafCount = 7;
                break;
            case "path":
                receipt.BatchProof.Path[0] = Flipped(receipt.BatchProof.Path[0], 0);
                break;
            case "path dropped":
                receipt.BatchProof.Path.RemoveAt(receipt.BatchProof.Path.Count - 1);
                break;
            case "path of 33":
                receipt.BatchProof.Path.Add(Enumerable.Repeat(receipt.BatchProof.Path[0], 33 - receipt.BatchProof.Path.Count));
                break;
            case "nonce":
                receipt.BatchProof.LeafNonce = Flipped(receipt.BatchProof.LeafNonce, 0);
                break;
            case "nonce of 15 bytes":
                receipt.BatchProof.LeafNonce = ByteString.CopyFrom(receipt.BatchProof.LeafNonce.Span[..15]);
                break;
            case "root signature":
                receipt.BatchProof.RootSignature = Flipped(receipt.BatchProof.RootSignature, 5);
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
    public void AReceiptOfAVerifiedBatch_SignedWhenItsKeyWasNotValid_IsStillRefused()
    {
        // The root's signature is remembered, not the certificate's standing: each receipt's own time is checked.
        var receipts = Receipts("DE", 3);
        receipts[2].ReceivedAtMs = 1_000; // 1970: long before the certificate
        var batch = BatchProofs.SignDeliveryReceipts(receipts, _world.Party("DE"));
        var roots = new VerifiedBatchRoots();
        Assert.True(Verify(batch[0], roots).IsSuccess);

        var refused = Verify(batch[2], roots);

        Assert.Equal(RejectionReason.ReceiptInvalid, refused.Reason);
        Assert.Contains("signing time", refused.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void EachLeaf_HasANonceOfItsOwn_SoTheSameStatementsMakeAnotherRoot()
    {
        var receipts = Receipts("DE", 4);

        var first = BatchProofs.SignDeliveryReceipts(receipts, _world.Party("DE"));
        var second = BatchProofs.SignDeliveryReceipts(receipts, _world.Party("DE"));

        Assert.Equal(4, first.Select(r => r.BatchProof.LeafNonce).Distinct().Count());
        Assert.All(first, r => Assert.Equal(BatchProofs.NonceSize, r.BatchProof.LeafNonce.Length));
        Assert.NotEqual(first[0].BatchProof.RootSignature, second[0].BatchProof.RootSignature);
        Assert.NotEqual(first[0].BatchProof.Path[0], second[0].BatchProof.Path[0]);
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

    private List<DeliveryReceipt> Receipts(string recipient, int count) => TestReceipts.Make(_world, recipient, count);

    /// <summary>A copy of <paramref name="bytes"/> with the lowest bit of byte <paramref name="index"/> flipped.</summary>
    private static ByteString Flipped(ByteString bytes, int index)
    {
        var copy = bytes.ToByteArray();
        copy[index] ^= 1;
        return ByteString.CopyFrom(copy);
    }
}
