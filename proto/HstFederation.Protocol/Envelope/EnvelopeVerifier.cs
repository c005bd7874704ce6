using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// Checks everything about an envelope that needs no private key: size, version and suite, the
/// source's certificate and signature, header shape, time, handling of the recipient list, the
/// ciphertext digest, every forward record and consent. The hub runs exactly this on Submit;
/// recipients run it inside <see cref="EnvelopeOpener"/>. Steps and reasons follow docs/protocol.md §8.
/// Never throws on bad input.
/// </summary>
public sealed partial class EnvelopeVerifier(FederationTrust trust, HandlingPolicy policy, EnvelopeLimits? limits = null)
{
    private const int ForwardsField = 6;

    private readonly EnvelopeLimits _limits = limits ?? EnvelopeLimits.Default;

    internal HandlingPolicy Policy => policy;

    internal FederationTrust Trust => trust;

    internal EnvelopeLimits Limits => _limits;

    public EnvelopeResult<VerifiedEnvelope> Verify(ReadOnlyMemory<byte> bytes) => Verify(bytes, stored: false);

    /// <summary>
    /// Re-verifies an envelope this party verified in full when it received it and has kept since (the hub's
    /// store): every signature, certificate at its signing time, binding and chain of docs/protocol.md §8, but
    /// not what depends on the day it is checked — the time window (step 12: a kept envelope may be past its
    /// expiry) and the audience against the handling (step 13 and 15(l)'s §7.4 check: regions may have been
    /// redefined since). So a row edited in the store cannot add a reader without the hub's forwarding key.
    /// </summary>
    public EnvelopeResult<VerifiedEnvelope> VerifyStored(ReadOnlyMemory<byte> bytes) => Verify(bytes, stored: true);

    private EnvelopeResult<VerifiedEnvelope> Verify(ReadOnlyMemory<byte> bytes, bool stored)
    {
        if (bytes.Length > _limits.MaxEnvelopeBytes)
        {
            return Reject(RejectionReason.SizeLimitExceeded, $"the envelope is {bytes.Length} bytes; the limit is {_limits.MaxEnvelopeBytes}");
        }

        var forwardCount = WireScan.CountField(bytes, ForwardsField);
        if (forwardCount < 0 || forwardCount > _limits.MaxForwards)
        {
            return Reject(RejectionReason.MalformedEnvelope, forwardCount < 0 ? "envelope is not valid protobuf" : $"{forwardCount} forward records; the limit is {_limits.MaxForwards}");
        }

        if (!StrictParser.TryParse(V1.Envelope.Parser, bytes.Span, out var envelope, out var problem))
        {
            return Reject(RejectionReason.MalformedEnvelope, "envelope " + problem);
        }

        if (!ProtocolVersions.IsSupported(envelope.Version))
        {
            return Reject(RejectionReason.UnsupportedVersion, $"protocol version {envelope.Version} is not supported");
        }

        if (envelope.Header.Length > _limits.MaxHeaderBytes)
        {
            return Reject(RejectionReason.SizeLimitExceeded, $"the header is {envelope.Header.Length} bytes; the limit is {_limits.MaxHeaderBytes}");
        }

        // The sealer's bound on the content, kept by the receiving side too: otherwise only honest senders keep it, and a
        // member could send content an agency's reply (4 MiB at most) can barely carry. AES-GCM: ciphertext = content + tag.
        if (envelope.Ciphertext.Length > _limits.MaxContentBytes + ContentKeys.TagSize)
        {
            return Reject(RejectionReason.SizeLimitExceeded,
                $"the content is {envelope.Ciphertext.Length - ContentKeys.TagSize} bytes; the limit is {_limits.MaxContentBytes}");
        }

        var presented = PresentedSigningKey(envelope.SenderCertificate.Span);
        if (presented.Problem is { } senderProblem)
        {
            return Reject(SenderReason(senderProblem.Problem), "sender certificate: " + senderProblem.Detail);
        }

        var headerBytes = envelope.Header.Span;
        if (!Signatures.Verify(presented.Key, Signatures.EnvelopeHeaderLabel, headerBytes, envelope.Signature.Span))
        {
            return Reject(RejectionReason.SignatureInvalid, "the header signature does not verify with the sender certificate's key");
        }

        // Only now, with the signature checked against a federation-issued key, is the header parsed.
        if (!StrictParser.TryParse(EnvelopeHeader.Parser, headerBytes, out var header, out problem))
        {
            return Reject(RejectionReason.MalformedHeader, "header " + problem);
        }

        var checkedHeader = CheckVersionAndSuite(envelope, header) ?? CheckHeaderShape(header);
        if (checkedHeader is not null)
        {
            return checkedHeader;
        }

        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(header.CreatedAtMs);
        var senderCheck = trust.Validate(envelope.SenderCertificate.Span, CertificatePurpose.MessageSigning, createdAt);
        if (!senderCheck.IsValid)
        {
            return Reject(SenderReason(senderCheck.Problem), "sender certificate at creation time: " + senderCheck.Detail);
        }

        var sender = senderCheck.Key!;
        if (sender.Party.Uri != header.Sender || !sender.KeyId.Span.SequenceEqual(header.SenderKeyId.Span))
        {
            return Reject(RejectionReason.SenderMismatch, $"the header names {header.Sender} but the signing certificate is {sender.Party}'s key");
        }

        var checkedContent = stored ? CheckCiphertext(envelope, header) : CheckTime(header) ?? CheckAudience(header) ?? CheckCiphertext(envelope, header);
        if (checkedContent is not null)
        {
            return checkedContent;
        }

        var headerSha256 = SHA256.HashData(headerBytes);
        var forwards = VerifyForwards(envelope, header, headerSha256, sender, checkHandling: !stored);
        if (!forwards.IsSuccess)
        {
            return forwards.Rejection;
        }

        var audience = header.Recipients.Concat(forwards.Value.SelectMany(f => f.Record.AddedRecipients)).ToList();

        // Re-encoded, so that what is stored or relayed carries no duplicate or dead bytes.
        var canonical = envelope.ToByteArray();
        return EnvelopeResult<VerifiedEnvelope>.Success(
            new VerifiedEnvelope(canonical, envelope, header, headerSha256, sender, forwards.Value, audience));
    }

    /// <summary>
    /// The Ed25519 key of a presented certificate, provided the certificate is one the federation
    /// root issued for message signing. Whether it was valid at the signing time is decided later,
    /// once the signed time has been read.
    /// </summary>
    private (byte[] Key, CertificateCheck? Problem) PresentedSigningKey(ReadOnlySpan<byte> certificateDer)
    {
        if (certificateDer.Length > _limits.MaxCertificateBytes || !CertificateKeys.TryReadEd25519PublicKey(certificateDer, out var key))
        {
            return ([], CertificateCheck.Invalid(CertificateProblem.Malformed, "not an Ed25519 certificate of at most " + _limits.MaxCertificateBytes + " bytes"));
        }

        var check = trust.Validate(certificateDer, CertificatePurpose.MessageSigning, trust.Time.GetUtcNow());
        return check.Problem is CertificateProblem.None or CertificateProblem.NotYetValid or CertificateProblem.Expired or CertificateProblem.Revoked
            ? (key, null)
            : ([], check);
    }

    private static Rejection? CheckCiphertext(V1.Envelope envelope, EnvelopeHeader header) =>
        envelope.Ciphertext.Length >= ContentKeys.TagSize && SHA256.HashData(envelope.Ciphertext.Span).AsSpan().SequenceEqual(header.CiphertextSha256.Span)
            ? null
            : Reject(RejectionReason.ContentHashMismatch, "the ciphertext does not match the signed digest");

    private static Rejection Reject(RejectionReason reason, string detail) => new(reason, detail);

    private static RejectionReason SenderReason(CertificateProblem problem) => problem switch
    {
        CertificateProblem.Expired or CertificateProblem.NotYetValid => RejectionReason.SenderCertificateExpired,
        CertificateProblem.Revoked => RejectionReason.SenderCertificateRevoked,
        CertificateProblem.RevocationDataStale => RejectionReason.TrustDataStale,
        _ => RejectionReason.SenderCertificateInvalid,
    };
}
