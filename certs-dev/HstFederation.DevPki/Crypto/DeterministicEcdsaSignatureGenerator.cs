using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Signers;

namespace HstFederation.DevPki.Crypto;

/// <summary>
/// ecdsa-with-SHA256 with RFC 6979 nonces, so certificates and CRLs are byte-identical for the same seed.
/// Used with .NET CertificateRequest.Create and CertificateRevocationListBuilder.Build.
/// </summary>
internal sealed class DeterministicEcdsaSignatureGenerator : X509SignatureGenerator
{
    // AlgorithmIdentifier { ecdsa-with-SHA256 } with absent parameters (RFC 5758 §3.2).
    private static readonly byte[] EcdsaWithSha256 = [0x30, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02];

    private readonly P256Key _key;

    public DeterministicEcdsaSignatureGenerator(P256Key key) => _key = key;

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        RequireSha256(hashAlgorithm);
        return (byte[])EcdsaWithSha256.Clone();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
    {
        RequireSha256(hashAlgorithm);
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _key.PrivateKey);
        var rs = signer.GenerateSignature(SHA256.HashData(data));
        return new DerSequence(new DerInteger(rs[0]), new DerInteger(rs[1])).GetEncoded(Asn1Encodable.Der);
    }

    protected override PublicKey BuildPublicKey() => PublicKey.CreateFromSubjectPublicKeyInfo(_key.SubjectPublicKeyInfo, out _);

    private static void RequireSha256(HashAlgorithmName hashAlgorithm)
    {
        if (hashAlgorithm != HashAlgorithmName.SHA256)
        {
            throw new ArgumentOutOfRangeException(nameof(hashAlgorithm), "The federation profile signs with ecdsa-with-SHA256 only.");
        }
    }
}
