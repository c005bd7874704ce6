using System.Security.Cryptography;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

public sealed partial class EnvelopeVerifier
{
    private EnvelopeResult<List<VerifiedForward>> VerifyForwards(V1.Envelope envelope, EnvelopeHeader header, byte[] headerSha256, CertifiedKey sender, bool checkHandling)
    {
        var verified = new List<VerifiedForward>();

        var audience = new HashSet<string>(header.Recipients.Select(r => r.Party), StringComparer.Ordinal);
        ReadOnlySpan<byte> previous = [];
        for (var i = 0; i < envelope.Forwards.Count; i++)
        {
            var result = VerifyForward(envelope.Forwards[i], i, header, headerSha256, previous, audience, sender, checkHandling);
            if (!result.IsSuccess)
            {
                return result.Rejection;
            }

            verified.Add(result.Value);
            foreach (var added in result.Value.Record.AddedRecipients)
            {
                audience.Add(added.Party);
            }

            previous = SHA256.HashData(envelope.Forwards[i].Record.Span);
        }

        return EnvelopeResult<List<VerifiedForward>>.Success(verified);
    }

    private EnvelopeResult<VerifiedForward> VerifyForward(
        SignedForward signed, int index, EnvelopeHeader header, byte[] headerSha256, ReadOnlySpan<byte> previousSha256,
        HashSet<string> audience, CertifiedKey sender, bool checkHandling)
    {
        var at = $"forwards[{index}]";
        if (signed.Record.Length > _limits.MaxForwardRecordBytes)
        {
            return Reject(RejectionReason.ForwardInvalid, $"{at}: the record is larger than {_limits.MaxForwardRecordBytes} bytes");
        }

        var presented = PresentedSigningKey(signed.ForwarderCertificate.Span);
        if (presented.Problem is { } certificateProblem)
        {
            return Reject(RejectionReason.ForwardInvalid, $"{at}: forwarder certificate: {certificateProblem.Detail}");
        }

        if (!Signatures.Verify(presented.Key, Signatures.ForwardRecordLabel, signed.Record.Span, signed.Signature.Span))
        {
            return Reject(RejectionReason.ForwardInvalid, $"{at}: the signature does not verify with the forwarder certificate");
        }

        if (!StrictParser.TryParse(ForwardRecord.Parser, signed.Record.Span, out var record, out var problem))
        {
            return Reject(RejectionReason.ForwardInvalid, $"{at}: record {problem}");
        }

        if (record.Version != header.Version
            || !record.MessageId.Span.SequenceEqual(header.MessageId.Span)
            || !record.HeaderSha256.Span.SequenceEqual(headerSha256)
            || !record.PreviousRecordSha256.Span.SequenceEqual(previousSha256))
        {
            return Reject(RejectionReason.ForwardInvalid, $"{at}: not bound to this header or not in chain order");
        }

        if (!UnixTime.TryFromMilliseconds(record.ForwardedAtMs, out var forwardedAt)
            || record.ForwardedAtMs < header.CreatedAtMs
            || record.ForwardedAtMs >= header.ExpiresAtMs
            || forwardedAt > trust.Time.GetUtcNow() + trust.Options.MaxClockSkew)
        {
            return Reject(RejectionReason.ForwardInvalid, $"{at}: forwarded_at is not between creation and expiry, or is in the future");
        }

        var check = trust.Validate(signed.ForwarderCertificate.Span, CertificatePurpose.MessageSigning, forwardedAt);
        if (!check.IsValid)
        {
            return Reject(RejectionReason.ForwardInvalid, $"{at}: forwarder certificate at forwarding time: {check.Detail}");
        }

        var forwarder = check.Key!;
        if (forwarder.Party.Uri != record.Forwarder || !forwarder.KeyId.Span.SequenceEqual(record.ForwarderKeyId.Span))
        {
            return Reject(RejectionReason.ForwardInvalid, $"{at}: the record names {record.Forwarder} but was signed by {forwarder.Party}");
        }

        // Only a holder of the content key can wrap it, and only the hub redisseminates.
        if (!forwarder.Party.IsHub || !header.Recipients.Any(r => r.Party == forwarder.Party.Uri))
        {
            return Reject(RejectionReason.ForwardNotPermitted, $"{at}: {forwarder.Party} is not the hub holding this message, so it cannot forward it");
        }

        if (CheckRecipientShapes(record.AddedRecipients, $"{at}.added_recipients", _limits.MaxRecipients - audience.Count, requireSome: true, numbered: false) is { } shape)
        {
            return Reject(RejectionReason.ForwardInvalid, shape);
        }

        var consent = record.Consent is null
            ? EnvelopeResult<ForwardConsent>.Success(new ForwardConsent())
            : VerifyConsent(record.Consent, header, headerSha256, sender, record.ForwardedAtMs, at + ": ");
        if (!consent.IsSuccess)
        {
            return consent.Rejection;
        }

        var granted = consent.Value.GrantedTo.ToHashSet(StringComparer.Ordinal);
        var addressees = policy.Addressees(header.Handling);
        foreach (var added in record.AddedRecipients)
        {
            if (audience.Contains(added.Party))
            {
                return Reject(RejectionReason.ForwardInvalid, $"{at}: {added.Party} already holds the message");
            }

            if (checkHandling && addressees.CheckForward(PartyId.Parse(added.Party), granted) is { } violation)
            {
                return Reject(RejectionReason.ForwardNotPermitted, $"{at}: {violation}");
            }
        }

        var keptConsent = record.Consent is null ? null : consent.Value;
        return EnvelopeResult<VerifiedForward>.Success(new VerifiedForward(record, forwarder, keptConsent));
    }

    /// <summary>
    /// Checks <paramref name="consent"/> as a forward of <paramref name="verified"/> made at <paramref name="forwardAt"/> would
    /// carry it (docs/protocol.md §7.3): the source's own signature with a key valid when granted, this message id and
    /// header, granted between creation and the forward. Returns what it grants; any defect is ForwardNotPermitted.
    /// The hub checks a release's consent with it before forwarding.
    /// </summary>
    public EnvelopeResult<ForwardConsent> VerifyConsent(SignedConsent consent, VerifiedEnvelope verified, DateTimeOffset forwardAt)
    {
        ArgumentNullException.ThrowIfNull(consent);
        ArgumentNullException.ThrowIfNull(verified);
        return VerifyConsent(consent, verified.Header, verified.HeaderSha256.Span, verified.Sender, forwardAt.ToUnixTimeMilliseconds(), string.Empty);
    }

    /// <summary>A present consent must be the source's own, for this header, granted between creation and the forward; any defect means it grants nothing.</summary>
    private EnvelopeResult<ForwardConsent> VerifyConsent(
        SignedConsent signed, EnvelopeHeader header, ReadOnlySpan<byte> headerSha256, CertifiedKey sender, long forwardedAtMs, string at)
    {
        var presented = PresentedSigningKey(signed.SignerCertificate.Span);
        if (presented.Problem is not null
            || !Signatures.Verify(presented.Key, Signatures.ForwardConsentLabel, signed.Consent.Span, signed.Signature.Span)
            || !StrictParser.TryParse(ForwardConsent.Parser, signed.Consent.Span, out var consent, out _))
        {
            return Reject(RejectionReason.ForwardNotPermitted, $"{at}the consent is not validly signed by a federation key");
        }

        if (consent.Version != header.Version
            || !consent.MessageId.Span.SequenceEqual(header.MessageId.Span)
            || !consent.HeaderSha256.Span.SequenceEqual(headerSha256)
            || !UnixTime.TryFromMilliseconds(consent.GrantedAtMs, out var grantedAt)
            || consent.GrantedAtMs < header.CreatedAtMs
            || consent.GrantedAtMs > forwardedAtMs)
        {
            return Reject(RejectionReason.ForwardNotPermitted, $"{at}the consent is for another message or not granted between creation and the forward");
        }

        var check = trust.Validate(signed.SignerCertificate.Span, CertificatePurpose.MessageSigning, grantedAt);
        if (!check.IsValid || check.Key!.Party != sender.Party)
        {
            return Reject(RejectionReason.ForwardNotPermitted, $"{at}the consent was not signed by the source {sender.Party} with a key valid when it was granted");
        }

        return EnvelopeResult<ForwardConsent>.Success(consent);
    }
}
