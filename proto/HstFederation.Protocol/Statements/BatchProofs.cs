using System.Buffers.Binary;
using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Statements;

/// <summary>
/// Delivery receipts signed a batch at a time (docs/protocol.md §12.2): the signer signs the Merkle root of the batch's
/// statements once, and each statement carries its inclusion path. A recipient acknowledging 64 deliveries signs once
/// instead of 64 times, and the hub verifies once; each source still gets a receipt it can check on its own, which shows
/// nothing of the batch's other statements but their number: each leaf hashes a random nonce with its statement, so a
/// sibling cannot be confirmed by guessing a statement (another recipient's receipt for a message the source also got,
/// but for its time).
/// </summary>
public static class BatchProofs
{
    /// <summary>Bytes of each leaf's random nonce.</summary>
    public const int NonceSize = 16;

    /// <summary>
    /// Signs <paramref name="receipts"/> as one batch. One receipt is signed on its own (no proof); more share one
    /// signature of their root. Returned in the order given.
    /// </summary>
    public static IReadOnlyList<SignedStatement> SignDeliveryReceipts(IReadOnlyList<DeliveryReceipt> receipts, Pki.PartyCredentials signer)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        return SignDeliveryReceipts(receipts.Select(r => r.ToByteString()).ToList(), signer);
    }

    /// <summary>As above, for receipts already serialized (each a DeliveryReceipt's bytes, signed exactly as given).</summary>
    /// <param name="random">Where the leaves' nonces come from (the system's CSPRNG unless a test gives a seeded one).</param>
    public static IReadOnlyList<SignedStatement> SignDeliveryReceipts(
        IReadOnlyList<ByteString> statements, Pki.PartyCredentials signer, IRandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(signer);
        random ??= SystemRandomSource.Instance;
        if (statements.Count <= 1)
        {
            return statements.Select(s => SignedStatements.Sign(s, StatementKind.DeliveryReceipt, signer)).ToList();
        }

        var certificate = ByteString.CopyFrom(signer.Signing.CertificateDer.Span);
        var nonces = statements.Select(_ => Nonce(random)).ToList();
        var (root, paths) = MerkleTree.Build(statements.Select((s, i) => LeafHash(nonces[i], s.Span)).ToList());
        var count = (uint)statements.Count;
        var rootSignature = ByteString.CopyFrom(Signatures.Sign(signer.SigningKeyPair, Signatures.DeliveryReceiptBatchLabel, SignedRoot(root, count)));
        var signed = new List<SignedStatement>(statements.Count);
        for (var i = 0; i < statements.Count; i++)
        {
            var proof = new StatementBatchProof { RootSignature = rootSignature, LeafCount = count, LeafIndex = (uint)i, LeafNonce = ByteString.CopyFrom(nonces[i]) };
            proof.Path.AddRange(paths[i].Select(p => UnsafeByteOperations.UnsafeWrap(p)));
            signed.Add(new SignedStatement { Statement = statements[i], SignerCertificate = certificate, BatchProof = proof });
        }

        return signed;
    }

    /// <summary>
    /// Whether <paramref name="signed"/>'s batch proof leads to a root that <paramref name="signerKey"/> signed (or that
    /// <paramref name="roots"/> holds as verified for that key and signature). False, never an exception, for a malformed proof.
    /// </summary>
    internal static bool Verify(ReadOnlySpan<byte> signerKey, SignedStatement signed, VerifiedBatchRoots? roots)
    {
        var proof = signed.BatchProof;
        // Shape first, before anything is copied or hashed: a hostile proof may carry millions of path entries.
        if (proof is null || !signed.Signature.IsEmpty || proof.LeafCount == 0 || proof.RootSignature.Length != Signatures.SignatureSize
            || proof.LeafNonce.Length != NonceSize || proof.Path.Count > MerkleTree.MaxPathLength)
        {
            return false;
        }

        var path = proof.Path.Select(p => p.Memory).ToList();
        if (MerkleTree.RootFromPath(proof.LeafIndex, proof.LeafCount, LeafHash(proof.LeafNonce.Span, signed.Statement.Span), path) is not { } root)
        {
            return false;
        }

        var signedRoot = SignedRoot(root, proof.LeafCount);
        if (roots is not null && roots.Contains(signerKey, signedRoot, proof.RootSignature.Span))
        {
            return true;
        }

        if (!Signatures.Verify(signerKey, Signatures.DeliveryReceiptBatchLabel, signedRoot, proof.RootSignature.Span))
        {
            return false;
        }

        roots?.Add(signerKey, signedRoot, proof.RootSignature.Span);
        return true;
    }

    /// <summary>SHA-256(0x00 ‖ nonce ‖ statement): RFC 9162's leaf hash of the nonce and the statement.</summary>
    private static byte[] LeafHash(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> statement)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData([0]);
        hash.AppendData(nonce);
        hash.AppendData(statement);
        return hash.GetHashAndReset();
    }

    private static byte[] Nonce(IRandomSource random)
    {
        var nonce = new byte[NonceSize];
        random.Fill(nonce);
        return nonce;
    }

    /// <summary>What the root signature covers: the root and the batch's size (4 bytes, big-endian).</summary>
    private static byte[] SignedRoot(byte[] root, uint count)
    {
        var bytes = new byte[MerkleTree.HashSize + 4];
        root.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(MerkleTree.HashSize), count);
        return bytes;
    }
}
