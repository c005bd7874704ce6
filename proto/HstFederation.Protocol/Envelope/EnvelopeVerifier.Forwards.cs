using System.Security.Cryptography;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

public sealed partial class EnvelopeVerifier
{
    private EnvelopeResult<List<VerifiedForward>> VerifyForwards(V1.Envelope envelope, EnvelopeHeader header, byte[] headerSha256, CertifiedKey sender)
    {
        var verified = new List<VerifiedForward>();
        if (envelope.Forwards.Count > _limits.MaxForwards)
        {
            return Reject(RejectionReason.MalformedEnvelope, $"{envelope.Forwards.Count} forward records; the limit is {_limits.MaxForwards}");
        }

        var audience = new HashSet<string>(header.Recipients.Select(r => r.Party), StringComparer.Ordinal);
        ReadOnlySpan<byte> previous = [];
        for (var i = 0; i < envelope.Forwards.Count; i++)
        {
            var result = VerifyForward(envelope.Forwards[i], i, header, headerSha256, previous, audience, sender);
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
        HashSet<string> audience, CertifiedKey sender)
    {
        var at = $"forwards[{index}]";
        if (signed.ForwarderCertificate.Length > _limits.MaxCertificateBytes
            || !CertificateKeys.TryReadEd25519PublicKey(signed.ForwarderCertificate.Span, out var presentedKey)
            || !Signatures.Verify(presentedKey, Signatures.ForwardRecordLabel, signed.Record.Span, signed.Signature.Span))
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

        var forwardedAt = DateTimeOffset.FromUnixTimeMilliseconds(record.ForwardedAtMs);
        if (record.ForwardedAtMs < header.CreatedAtMs || forwardedAt > trust.Time.GetUtcNow() + trust.Options.MaxClockSkew)
        {
            return Reject(RejectionReason.ForwardInvalid, $"{at}: forwarded_at {forwardedAt:O} is before creation or in the future");
        }

        var check = trust.Validate(signed.ForwarderCertificate.Span, CertificatePurpose.MessageSigning, forwardedAt);
        if (!check.IsValid)
        {
            return Reject(RejectionReason.ForwardInvalid, $"{at}: forwarder certificate: {check.Detail}");
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

        if (CheckRecipientShapes(record.AddedRecipients, $"{at}.added_recipients", _limits.MaxRecipients, requireSome: true) is { } shape)
        {
            return Reject(RejectionReason.ForwardInvalid, shape);
        }

        var consent = VerifyConsent(record, header, headerSha256, sender, at);
        if (!consent.IsSuccess)
        {
            return consent.Rejection;
        }

        var granted = consent.Value.GrantedTo.ToHashSet(StringComparer.Ordinal);
        foreach (var added in record.AddedRecipients)
        {
            if (audience.Contains(added.Party))
            {
                return Reject(RejectionReason.ForwardInvalid, $"{at}: {added.Party} already holds the message");
            }

            if (policy.CheckForward(header.Handling, PartyId.Parse(added.Party), granted) is { } violation)
            {
                return Reject(RejectionReason.ForwardNotPermitted, $"{at}: {violation}");
            }
        }

        var keptConsent = record.Consent is null ? null : consent.Value;
        return EnvelopeResult<VerifiedForward>.Success(new VerifiedForward(record, forwarder, keptConsent));
    }

    /// <summary>An absent consent verifies as an empty grant; a present one must be the source's own.</summary>
    private EnvelopeResult<ForwardConsent> VerifyConsent(ForwardRecord record, EnvelopeHeader header, byte[] headerSha256, CertifiedKey sender, string at)
    {
        if (record.Consent is null)
        {
            return EnvelopeResult<ForwardConsent>.Success(new ForwardConsent());
        }

        var signed = record.Consent;
        if (signed.SignerCertificate.Length > _limits.MaxCertificateBytes
            || !CertificateKeys.TryReadEd25519PublicKey(signed.SignerCertificate.Span, out var presentedKey)
            || !Signatures.Verify(presentedKey, Signatures.ForwardConsentLabel, signed.Consent.Span, signed.Signature.Span)
            || !StrictParser.TryParse(ForwardConsent.Parser, signed.Consent.Span, out var consent, out _))
        {
            return Reject(RejectionReason.ForwardNotPermitted, $"{at}: the consent is not validly signed");
        }

        var check = trust.Validate(signed.SignerCertificate.Span, CertificatePurpose.MessageSigning, DateTimeOffset.FromUnixTimeMilliseconds(consent.GrantedAtMs));
        if (!check.IsValid || check.Key!.Party != sender.Party)
        {
            return Reject(RejectionReason.ForwardNotPermitted, $"{at}: the consent was not signed by the source {sender.Party}");
        }

        if (consent.Version != header.Version
            || !consent.MessageId.Span.SequenceEqual(header.MessageId.Span)
            || !consent.HeaderSha256.Span.SequenceEqual(headerSha256)
            || consent.GrantedAtMs < header.CreatedAtMs)
        {
            return Reject(RejectionReason.ForwardNotPermitted, $"{at}: the consent is for another message");
        }

        return EnvelopeResult<ForwardConsent>.Success(consent);
    }
}
