using HstFederation.Protocol.Identities;

namespace HstFederation.Protocol.Pki;

/// <summary>A public key together with what the federation root certified about it.</summary>
/// <param name="PublicKey">Raw 32 bytes for Ed25519/X25519; the DER SubjectPublicKeyInfo for TLS keys.</param>
/// <param name="KeyId">First 16 bytes of SHA-256 over <paramref name="PublicKey"/> (docs/protocol.md §3).</param>
public sealed record CertifiedKey(
    PartyId Party,
    CertificatePurpose Purpose,
    ReadOnlyMemory<byte> PublicKey,
    ReadOnlyMemory<byte> KeyId,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string SerialNumber,
    ReadOnlyMemory<byte> CertificateDer);
