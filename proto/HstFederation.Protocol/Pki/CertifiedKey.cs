using HstFederation.Protocol.Identities;

namespace HstFederation.Protocol.Pki;

/// <summary>
/// A public key together with what the federation root certified about it. Only
/// <see cref="FederationTrust.Validate"/> makes one, so holding a CertifiedKey means the certificate
/// was checked: code that wraps content keys or verifies signatures cannot be handed an unchecked key.
/// </summary>
public sealed class CertifiedKey
{
    internal CertifiedKey(
        PartyId party, CertificatePurpose purpose, ReadOnlyMemory<byte> publicKey, ReadOnlyMemory<byte> keyId,
        DateTimeOffset notBefore, DateTimeOffset notAfter, string serialNumber, ReadOnlyMemory<byte> certificateDer)
    {
        Party = party;
        Purpose = purpose;
        PublicKey = publicKey;
        KeyId = keyId;
        NotBefore = notBefore;
        NotAfter = notAfter;
        SerialNumber = serialNumber;
        CertificateDer = certificateDer;
    }

    public PartyId Party { get; }

    public CertificatePurpose Purpose { get; }

    /// <summary>Raw 32 bytes for Ed25519/X25519; the DER SubjectPublicKeyInfo for TLS keys.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>First 16 bytes of SHA-256 over <see cref="PublicKey"/> (docs/protocol.md §3).</summary>
    public ReadOnlyMemory<byte> KeyId { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>Upper-case hex, as in the CRL and X509Certificate2.SerialNumber.</summary>
    public string SerialNumber { get; }

    public ReadOnlyMemory<byte> CertificateDer { get; }

    public override string ToString() => $"{Party} {Purpose} key {Convert.ToHexStringLower(KeyId.Span)}";
}
