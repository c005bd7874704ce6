using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Pki;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// Whether a kept envelope still stands as evidence of its origin, judged with today's root and CRL: the header
/// signature verifies with the presented certificate, and that certificate was valid — not yet revoked — when
/// the sender signed (the signed creation time, as on receipt; THREATS 23: what a key signed before its
/// revocation stays verifiable). Nothing about time windows, audience or content: those were checked on receipt,
/// and an envelope past its expiry is still evidence.
/// </summary>
public static class EnvelopeEvidence
{
    public static EvidenceCheck Check(ReadOnlySpan<byte> envelopeBytes, FederationTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        if (!StrictParser.TryParse(V1.Envelope.Parser, envelopeBytes, out var envelope, out var problem)
            || !StrictParser.TryParse(V1.EnvelopeHeader.Parser, envelope.Header.Span, out var header, out problem))
        {
            return EvidenceCheck.Fails(null, "the kept envelope does not parse: " + problem);
        }

        // The signature first, and the time read without throwing: a stored row edited with an out-of-range
        // created_at_ms must come out as evidence that does not hold, not as an exception.
        var hasTime = UnixTime.TryFromMilliseconds(header.CreatedAtMs, out var time);
        DateTimeOffset? claimedAt = hasTime ? time : null;
        if (!CertificateKeys.TryReadEd25519PublicKey(envelope.SenderCertificate.Span, out var key)
            || !Signatures.Verify(key, Signatures.EnvelopeHeaderLabel, envelope.Header.Span, envelope.Signature.Span))
        {
            return EvidenceCheck.Fails(claimedAt, "the header signature does not verify with the sender certificate's key");
        }

        if (!hasTime)
        {
            return EvidenceCheck.Fails(null, $"the signed created_at_ms {header.CreatedAtMs} is not a valid time");
        }

        var signedAt = time;

        var atSigning = trust.Validate(envelope.SenderCertificate.Span, CertificatePurpose.MessageSigning, signedAt);
        if (!atSigning.IsValid)
        {
            return EvidenceCheck.Fails(signedAt, $"the sender certificate was not valid when it signed: {atSigning.Problem}: {atSigning.Detail}");
        }

        if (atSigning.Key!.Party.Uri != header.Sender)
        {
            return EvidenceCheck.Fails(signedAt, $"the header names {header.Sender} but the certificate is {atSigning.Key.Party}'s");
        }

        DateTimeOffset? revokedAt = trust.RevocationList is { } crl && crl.TryGetRevocation(atSigning.Key.SerialNumber, out var at) ? at : null;
        return new EvidenceCheck(true, signedAt, atSigning.Key, revokedAt, "signature and sender certificate valid when it signed");
    }
}
