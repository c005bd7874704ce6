using System.Security.Cryptography;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// Verifies an envelope (<see cref="EnvelopeVerifier"/>) and opens it for one recipient: unwraps the
/// content key, checks its commitment, decrypts, parses and validates the HST message, and checks
/// that the message's handling is the one that was signed. <see cref="OpenContent(ReadOnlyMemory{byte}, PartyCredentials)"/>
/// opens the hub's own content types (hit notifications, analytical products) the same way, up to the plaintext.
/// Never throws on bad input.
/// </summary>
public sealed class EnvelopeOpener(EnvelopeVerifier verifier)
{
    public EnvelopeResult<OpenedEnvelope> Open(ReadOnlyMemory<byte> bytes, PartyCredentials me)
    {
        var verified = verifier.Verify(bytes);
        return verified.IsSuccess ? Open(verified.Value, me) : verified.Rejection;
    }

    /// <summary>
    /// Opens an envelope this party kept after verifying it in full on receipt (<see cref="EnvelopeVerifier.VerifyStored"/>):
    /// e.g. the hub reading the messages of a past period for its analytical products, some past their expiry.
    /// </summary>
    public EnvelopeResult<OpenedEnvelope> OpenStored(ReadOnlyMemory<byte> bytes, PartyCredentials me)
    {
        var verified = verifier.VerifyStored(bytes);
        return verified.IsSuccess ? Open(verified.Value, me) : verified.Rejection;
    }

    public EnvelopeResult<OpenedEnvelope> Open(VerifiedEnvelope verified, PartyCredentials me)
    {
        if (verified.Header.ContentType != ProtocolVersions.HstMessageContentType)
        {
            return new Rejection(RejectionReason.MalformedContent, $"the content is {verified.Header.ContentType}, not an HST message (open it with OpenContent)");
        }

        var unwrapped = UnwrapContentKey(verified, me);
        if (!unwrapped.IsSuccess)
        {
            return unwrapped.Rejection;
        }

        var contentKey = unwrapped.Value;
        var opened = Decrypt(verified, contentKey);
        var message = opened.IsSuccess ? ParseMessage(verified, opened.Value) : opened.Rejection;
        if (!message.IsSuccess)
        {
            CryptographicOperations.ZeroMemory(contentKey);
            return message.Rejection;
        }

        return EnvelopeResult<OpenedEnvelope>.Success(new OpenedEnvelope(verified, message.Value, contentKey));
    }

    /// <summary>Verifies and decrypts for <paramref name="me"/> whatever content type the envelope carries; the caller parses it.</summary>
    public EnvelopeResult<OpenedContent> OpenContent(ReadOnlyMemory<byte> bytes, PartyCredentials me)
    {
        var verified = verifier.Verify(bytes);
        return verified.IsSuccess ? OpenContent(verified.Value, me) : verified.Rejection;
    }

    /// <inheritdoc cref="OpenContent(ReadOnlyMemory{byte}, PartyCredentials)"/>
    public static EnvelopeResult<OpenedContent> OpenContent(VerifiedEnvelope verified, PartyCredentials me)
    {
        var unwrapped = UnwrapContentKey(verified, me);
        if (!unwrapped.IsSuccess)
        {
            return unwrapped.Rejection;
        }

        var contentKey = unwrapped.Value;
        try
        {
            var plaintext = Decrypt(verified, contentKey);
            return plaintext.IsSuccess ? EnvelopeResult<OpenedContent>.Success(new OpenedContent(verified, plaintext.Value)) : plaintext.Rejection;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contentKey);
        }
    }

    /// <summary>Steps 17–19 of docs/protocol.md §8: this party's wrap, for a key it holds, unwrapped.</summary>
    private static EnvelopeResult<byte[]> UnwrapContentKey(VerifiedEnvelope verified, PartyCredentials me)
    {
        var entry = verified.Audience.FirstOrDefault(r => r.Party == me.Party.Uri);
        if (entry is null)
        {
            return new Rejection(RejectionReason.NotARecipient, $"{me.Party} is not among the recipients the source signed or the hub forwarded to");
        }

        // The current key, or a previous one still held after a rotation: an envelope sealed to the old key (before the
        // rotation, or from a directory that still listed it) opens; a key id this party never held does not.
        if (me.Decryption(entry.KeyId.Span) is not { } key)
        {
            return new Rejection(RejectionReason.KeyWrapMissing, $"the wrap for {me.Party} is for an encryption key it does not hold (neither the current one nor a previous one loaded)");
        }

        return KeyWrapping.TryUnwrap(
                key.PrivateKey, key.Certificate.PublicKey.Span, verified.Header.MessageId.Span, entry.EphemeralPublicKey.Span,
                entry.WrappedKey.Span, entry.KeyId.Span, entry.Party, out var contentKey)
            ? EnvelopeResult<byte[]>.Success(contentKey)
            : new Rejection(RejectionReason.KeyWrapInvalid, $"the content key wrapped for {me.Party} does not unwrap");
    }

    /// <summary>Steps 20–21 of docs/protocol.md §8; the derived content-encryption key never outlives the call.</summary>
    private static EnvelopeResult<byte[]> Decrypt(VerifiedEnvelope verified, byte[] contentKey)
    {
        var header = verified.Header;
        var (encryptionKey, commitment) = ContentKeys.Derive(contentKey, header.MessageId.Span);
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(commitment, header.KeyCommitment.Span))
            {
                return new Rejection(RejectionReason.KeyCommitmentMismatch, "the unwrapped key is not the key the source committed to");
            }

            var aad = ContentKeys.AssociatedData(header.MessageId.Span);
            return ContentKeys.TryDecrypt(encryptionKey, header.ContentNonce.Span, verified.Envelope.Ciphertext.Span, aad, out var plaintext)
                ? EnvelopeResult<byte[]>.Success(plaintext)
                : new Rejection(RejectionReason.DecryptionFailed, "the content does not decrypt");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encryptionKey);
        }
    }

    /// <summary>Steps 22–23 of docs/protocol.md §8: an HST message whose handling is the signed one, and valid.</summary>
    private static EnvelopeResult<HstMessage> ParseMessage(VerifiedEnvelope verified, byte[] plaintext)
    {
        var header = verified.Header;
        if (!StrictParser.TryParse(HstMessage.Parser, plaintext, out var message, out var problem))
        {
            return new Rejection(RejectionReason.MalformedContent, "content " + problem);
        }

        if (!Equals(message.Handling, header.Handling))
        {
            return new Rejection(RejectionReason.HandlingMismatch, "the content's handling differs from the signed header's");
        }

        var validation = HstMessageValidator.Validate(message, DateTimeOffset.FromUnixTimeMilliseconds(header.CreatedAtMs));
        if (!validation.IsValid)
        {
            var first = validation.Errors[0];
            return new Rejection(RejectionReason.ContentInvalid, $"{validation.Errors.Count} validation error(s), first {first.Path}: {first.Code}");
        }

        return EnvelopeResult<HstMessage>.Success(message);
    }
}
