using System.Security.Cryptography;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// Checks everything about an envelope that needs no private key: size, version and suite, the
/// source's certificate and signature, header shape, time, handling of the recipient list, the
/// ciphertext digest, every forward record and consent. The hub runs exactly this on Submit;
/// recipients run it inside <see cref="EnvelopeOpener"/>. Never throws on bad input.
/// </summary>
public sealed partial class EnvelopeVerifier(FederationTrust trust, HandlingPolicy policy, EnvelopeLimits? limits = null)
{
    private readonly EnvelopeLimits _limits = limits ?? EnvelopeLimits.Default;

    public EnvelopeResult<VerifiedEnvelope> Verify(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length > _limits.MaxEnvelopeBytes)
        {
            return Reject(RejectionReason.SizeLimitExceeded, $"the envelope is {bytes.Length} bytes; the limit is {_limits.MaxEnvelopeBytes}");
        }

        if (!StrictParser.TryParse(V1.Envelope.Parser, bytes.Span, out var envelope, out var problem))
        {
            return Reject(RejectionReason.MalformedEnvelope, "envelope " + problem);
        }

        if (!ProtocolVersions.IsSupported(envelope.Version))
        {
            return Reject(RejectionReason.UnsupportedVersion, $"protocol version {envelope.Version} is not supported");
        }

        if (envelope.SenderCertificate.Length > _limits.MaxCertificateBytes
            || !CertificateKeys.TryReadEd25519PublicKey(envelope.SenderCertificate.Span, out var presentedKey))
        {
            return Reject(RejectionReason.SenderCertificateInvalid, "the sender certificate is not an Ed25519 certificate");
        }

        var headerBytes = envelope.Header.Span;
        if (!Signatures.Verify(presentedKey, Signatures.EnvelopeHeaderLabel, headerBytes, envelope.Signature.Span))
        {
            return Reject(RejectionReason.SignatureInvalid, "the header signature does not verify with the sender certificate's key");
        }

        // Only now, with the signature checked, is the header parsed.
        if (!StrictParser.TryParse(EnvelopeHeader.Parser, headerBytes, out var header, out problem))
        {
            return Reject(RejectionReason.MalformedHeader, "header " + problem);
        }

        if (CheckVersionAndSuite(envelope, header) is { } versionRejection)
        {
            return versionRejection;
        }

        if (CheckHeaderShape(header) is { } shapeRejection)
        {
            return shapeRejection;
        }

        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(header.CreatedAtMs);
        var senderCheck = trust.Validate(envelope.SenderCertificate.Span, CertificatePurpose.MessageSigning, createdAt);
        if (!senderCheck.IsValid)
        {
            return Reject(SenderReason(senderCheck.Problem), "sender certificate: " + senderCheck.Detail);
        }

        var sender = senderCheck.Key!;
        if (sender.Party.Uri != header.Sender || !sender.KeyId.Span.SequenceEqual(header.SenderKeyId.Span))
        {
            return Reject(RejectionReason.SenderMismatch, $"the header names {header.Sender} but the signing certificate is {sender.Party}'s key");
        }

        if (CheckTime(header) is { } timeRejection)
        {
            return timeRejection;
        }

        if (CheckAudience(header) is { } audienceRejection)
        {
            return audienceRejection;
        }

        if (envelope.Ciphertext.Length < ContentKeys.TagSize
            || !SHA256.HashData(envelope.Ciphertext.Span).AsSpan().SequenceEqual(header.CiphertextSha256.Span))
        {
            return Reject(RejectionReason.ContentHashMismatch, "the ciphertext does not match the signed digest");
        }

        var headerSha256 = SHA256.HashData(headerBytes);
        var forwards = VerifyForwards(envelope, header, headerSha256, sender);
        if (!forwards.IsSuccess)
        {
            return forwards.Rejection;
        }

        var audience = header.Recipients.Concat(forwards.Value.SelectMany(f => f.Record.AddedRecipients)).ToList();
        return EnvelopeResult<VerifiedEnvelope>.Success(
            new VerifiedEnvelope(bytes, envelope, header, headerSha256, sender, forwards.Value, audience));
    }

    private static Rejection Reject(RejectionReason reason, string detail) => new(reason, detail);

    private static RejectionReason SenderReason(CertificateProblem problem) => problem switch
    {
        CertificateProblem.Expired or CertificateProblem.NotYetValid => RejectionReason.SenderCertificateExpired,
        CertificateProblem.Revoked => RejectionReason.SenderCertificateRevoked,
        CertificateProblem.RevocationDataStale => RejectionReason.TrustDataStale,
        _ => RejectionReason.SenderCertificateInvalid,
    };
}
