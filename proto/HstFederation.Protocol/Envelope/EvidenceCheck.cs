using HstFederation.Protocol.Pki;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// The result of <see cref="EnvelopeEvidence.Check"/>: whether the envelope stands, when it was signed, the signer's
/// certified key, and when that certificate was revoked if the CRL says so (necessarily after it signed when valid).
/// </summary>
public sealed record EvidenceCheck(bool IsValid, DateTimeOffset? SignedAt, CertifiedKey? Signer, DateTimeOffset? SignerRevokedAt, string Detail)
{
    internal static EvidenceCheck Fails(DateTimeOffset? signedAt, string detail) => new(false, signedAt, null, null, detail);
}
