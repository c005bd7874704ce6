using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;
using HstFederation.Protocol.Validation;

namespace HstFederation.Protocol.Envelope;

/// <summary>
/// Seals an HST message: validates it, encrypts it once, wraps the content key for each recipient,
/// and signs the header with the sender's key (docs/protocol.md §4–6).
/// </summary>
public sealed class EnvelopeSealer(TimeProvider time, HandlingPolicy policy, IRandomSource? random = null, EnvelopeLimits? limits = null)
{
    private readonly IRandomSource _random = random ?? SystemRandomSource.Instance;
    private readonly EnvelopeLimits _limits = limits ?? EnvelopeLimits.Default;

    /// <exception cref="ArgumentException">The message is invalid, or the recipients do not fit its handling.</exception>
    public SealedEnvelope Seal(HstMessage message, PartyCredentials sender, IReadOnlyList<CertifiedKey> recipients, SealOptions options)
    {
        var now = time.GetUtcNow();
        var validation = HstMessageValidator.Validate(message, now);
        if (!validation.IsValid)
        {
            throw new ArgumentException("The message is not valid: " + string.Join("; ", validation.Errors.Select(e => $"{e.Path}: {e.Code}")), nameof(message));
        }

        return SealPlaintext(message.ToByteArray(), ProtocolVersions.HstMessageContentType, message.Handling, sender, recipients, options, now);
    }

    /// <summary>
    /// Seals content other than an HST message — the hub's hit notifications and analytical products — under
    /// <paramref name="handling"/>, which travels only in the signed header (docs/protocol.md §4). The content type is
    /// the message's full protobuf name and must be one <paramref name="sender"/> may send.
    /// </summary>
    /// <exception cref="ArgumentException">The content type is not allowed for the sender, the handling is incomplete, or the recipients do not fit it.</exception>
    public SealedEnvelope SealContent(IMessage content, Handling handling, PartyCredentials sender, IReadOnlyList<CertifiedKey> recipients, SealOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(handling);
        var contentType = content.Descriptor.FullName;
        if (contentType == ProtocolVersions.HstMessageContentType || !ProtocolVersions.IsContentTypeAllowed(contentType, sender.Party.IsHub))
        {
            throw new ArgumentException($"{sender.Party} may not seal {contentType} with SealContent (HST messages go through Seal).", nameof(content));
        }

        if (handling.Code == HandlingCode.Unspecified || handling.Addressees is null)
        {
            throw new ArgumentException("The handling needs a code and addressees.", nameof(handling));
        }

        return SealPlaintext(content.ToByteArray(), contentType, handling, sender, recipients, options, time.GetUtcNow());
    }

    private SealedEnvelope SealPlaintext(
        byte[] plaintext, string contentType, Handling handling, PartyCredentials sender, IReadOnlyList<CertifiedKey> recipients, SealOptions options, DateTimeOffset now)
    {
        CheckRecipients(handling, recipients);
        if (options.Sequence == 0)
        {
            throw new ArgumentException("Sequence numbers start at 1.", nameof(options));
        }

        if (options.Lifetime <= TimeSpan.Zero || options.Lifetime > _limits.MaxLifetime)
        {
            throw new ArgumentException($"The lifetime must be positive and at most {_limits.MaxLifetime.TotalDays} days.", nameof(options));
        }

        if (plaintext.Length > _limits.MaxContentBytes)
        {
            throw new ArgumentException($"The content is {plaintext.Length} bytes; the limit is {_limits.MaxContentBytes}.", nameof(plaintext));
        }

        if (options.MessageId is { } given && !MessageIds.IsValid(given.Span))
        {
            throw new ArgumentException("A message id given to the sealer must be a 16-byte UUIDv7.", nameof(options));
        }

        var messageId = options.MessageId?.ToArray() ?? MessageIds.NewId(now, _random);
        var contentKey = new byte[ContentKeys.KeySize];
        var nonce = new byte[ContentKeys.NonceSize];
        _random.Fill(contentKey);
        _random.Fill(nonce);
        var (encryptionKey, commitment) = ContentKeys.Derive(contentKey, messageId);
        var ciphertext = ContentKeys.Encrypt(encryptionKey, nonce, plaintext, ContentKeys.AssociatedData(messageId));
        CryptographicOperations.ZeroMemory(encryptionKey);

        var header = new EnvelopeHeader
        {
            Version = ProtocolVersions.Current,
            Suite = CipherSuite.Ed25519X25519HkdfSha256Aes256Gcm,
            MessageId = ByteString.CopyFrom(messageId),
            Sender = sender.Party.Uri,
            SenderKeyId = ByteString.CopyFrom(sender.Signing.KeyId.Span),
            CreatedAtMs = now.ToUnixTimeMilliseconds(),
            ExpiresAtMs = (now + options.Lifetime).ToUnixTimeMilliseconds(),
            Sequence = options.Sequence,
            Handling = handling.Clone(),
            ContentType = contentType,
            ContentNonce = ByteString.CopyFrom(nonce),
            CiphertextSha256 = ByteString.CopyFrom(SHA256.HashData(ciphertext)),
            KeyCommitment = ByteString.CopyFrom(commitment),
            Lineage = options.Lineage?.Clone(),
        };
        foreach (var recipient in recipients)
        {
            var wrap = RecipientWraps.Create(recipient, contentKey, messageId, _random);
            wrap.Sequence = RecipientSequence(options, recipient.Party);
            header.Recipients.Add(wrap);
        }

        CryptographicOperations.ZeroMemory(contentKey);

        var headerBytes = header.ToByteArray();
        var envelope = new V1.Envelope
        {
            Version = ProtocolVersions.Current,
            Header = ByteString.CopyFrom(headerBytes),
            Signature = ByteString.CopyFrom(Signatures.Sign(sender.SigningKeyPair, Signatures.EnvelopeHeaderLabel, headerBytes)),
            SenderCertificate = ByteString.CopyFrom(sender.Signing.CertificateDer.Span),
            Ciphertext = ByteString.CopyFrom(ciphertext),
        };
        return new SealedEnvelope(envelope.ToByteArray(), header, SHA256.HashData(headerBytes));
    }

    private static ulong RecipientSequence(SealOptions options, PartyId party)
    {
        if (options.RecipientSequences is not { } sequences)
        {
            return options.Sequence;
        }

        if (sequences.TryGetValue(party.Uri, out var sequence))
        {
            return sequence != 0 ? sequence : throw new ArgumentException($"The sequence for {party} is 0; sequences start at 1.", nameof(options));
        }

        return party.IsHub ? options.Sequence : throw new ArgumentException($"RecipientSequences has no entry for {party}.", nameof(options));
    }

    private void CheckRecipients(Handling handling, IReadOnlyList<CertifiedKey> recipients)
    {
        if (recipients.Count == 0 || recipients.Count > _limits.MaxRecipients)
        {
            throw new ArgumentException($"An envelope has 1 to {_limits.MaxRecipients} recipients; got {recipients.Count}.", nameof(recipients));
        }

        if (recipients.Any(r => r.Purpose != CertificatePurpose.MessageEncryption))
        {
            throw new ArgumentException("Every recipient key must be a certified message-encryption key.", nameof(recipients));
        }

        var parties = recipients.Select(r => r.Party).ToList();
        if (parties.Distinct().Count() != parties.Count)
        {
            throw new ArgumentException("A party appears more than once among the recipients.", nameof(recipients));
        }

        if (policy.CheckRecipients(handling, parties) is { } violation)
        {
            throw new ArgumentException("The recipients do not fit the handling: " + violation, nameof(recipients));
        }
    }
}
