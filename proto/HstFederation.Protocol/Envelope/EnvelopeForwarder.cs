using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// Redissemination by the hub: wraps the same content key for new recipients and appends a signed
/// forward record. The source's header and signature are untouched, so every receiver still
/// verifies the source, and the forward record says who widened the audience, when and under what
/// consent (docs/protocol.md §7). Its output is verified before it is returned, so the hub never
/// signs a forward its receivers would refuse.
/// </summary>
public sealed class EnvelopeForwarder(EnvelopeVerifier verifier, TimeProvider time, IRandomSource? random = null)
{
    private readonly IRandomSource _random = random ?? SystemRandomSource.Instance;

    /// <exception cref="ArgumentException"><paramref name="add"/> is empty or holds a key that is not an encryption key.</exception>
    public EnvelopeResult<SealedEnvelope> Forward(OpenedEnvelope opened, PartyCredentials forwarder, IReadOnlyList<CertifiedKey> add, SignedConsent? consent = null)
    {
        if (add.Count == 0 || add.Any(k => k.Purpose != CertificatePurpose.MessageEncryption))
        {
            throw new ArgumentException("A forward adds one or more certified encryption keys.", nameof(add));
        }

        var verified = opened.Verified;
        var header = verified.Header;
        if (!forwarder.Party.IsHub || !header.Recipients.Any(r => r.Party == forwarder.Party.Uri))
        {
            return new Rejection(RejectionReason.ForwardNotPermitted, $"{forwarder.Party} is not the hub holding this message");
        }

        var granted = GrantedParties(consent);
        var addressees = verifier.Policy.Addressees(header.Handling);
        foreach (var key in add)
        {
            if (verified.IsAddressedTo(key.Party) || add.Count(k => k.Party == key.Party) > 1)
            {
                return new Rejection(RejectionReason.ForwardInvalid, $"{key.Party} already holds the message or is named twice");
            }

            if (addressees.CheckForward(key.Party, granted) is { } violation)
            {
                return new Rejection(RejectionReason.ForwardNotPermitted, violation);
            }
        }

        var messageId = header.MessageId.ToByteArray();
        var previous = verified.Envelope.Forwards.Count == 0 ? [] : SHA256.HashData(verified.Envelope.Forwards[^1].Record.Span);
        var record = new ForwardRecord
        {
            Version = header.Version,
            MessageId = header.MessageId,
            HeaderSha256 = ByteString.CopyFrom(verified.HeaderSha256.Span),
            PreviousRecordSha256 = ByteString.CopyFrom(previous),
            Forwarder = forwarder.Party.Uri,
            ForwarderKeyId = ByteString.CopyFrom(forwarder.Signing.KeyId.Span),
            ForwardedAtMs = ForwardedAtMs(consent),
            Consent = consent,
        };
        var contentKey = opened.ContentKey.ToArray();
        record.AddedRecipients.AddRange(add.Select(key => RecipientWraps.Create(key, contentKey, messageId, _random)));
        CryptographicOperations.ZeroMemory(contentKey);
        var recordBytes = record.ToByteArray();
        var envelope = verified.Envelope.Clone();
        envelope.Forwards.Add(new SignedForward
        {
            Record = ByteString.CopyFrom(recordBytes),
            Signature = ByteString.CopyFrom(Signatures.Sign(forwarder.SigningKeyPair, Signatures.ForwardRecordLabel, recordBytes)),
            ForwarderCertificate = ByteString.CopyFrom(forwarder.Signing.CertificateDer.Span),
        });
        var bytes = envelope.ToByteArray();
        var check = verifier.Verify(bytes);
        return check.IsSuccess
            ? EnvelopeResult<SealedEnvelope>.Success(new SealedEnvelope(bytes, header, verified.HeaderSha256.ToArray()))
            : check.Rejection;
    }

    /// <summary>
    /// Now, or the consent's grant time when the source's clock runs ahead of this one by no more than the clock-skew
    /// tolerance: receivers require a consent granted no later than the forward (docs/protocol.md §7.3), and a node a
    /// few milliseconds ahead of the hub must still be able to release.
    /// </summary>
    private long ForwardedAtMs(SignedConsent? consent)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (consent is null || !StrictParser.TryParse(ForwardConsent.Parser, consent.Consent.Span, out var parsed, out _))
        {
            return now;
        }

        var tolerance = (long)verifier.Trust.Options.MaxClockSkew.TotalMilliseconds;
        return parsed.GrantedAtMs > now && parsed.GrantedAtMs - now <= tolerance ? parsed.GrantedAtMs : now;
    }

    private static HashSet<string> GrantedParties(SignedConsent? consent)
    {
        if (consent is null)
        {
            return [];
        }

        // Receivers verify the consent's signature; here it only decides what to attempt.
        return StrictParser.TryParse(ForwardConsent.Parser, consent.Consent.Span, out var parsed, out _)
            ? parsed.GrantedTo.ToHashSet(StringComparer.Ordinal)
            : [];
    }
}
