using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Testing.Envelope;

/// <summary>
/// An independent, step-by-step builder of envelopes that follows docs/protocol.md directly, with a
/// hook at every step so tests and test vectors can make envelopes a dishonest party would make:
/// wrong commitment, per-recipient keys, content whose handling differs, a header naming someone
/// else, a downgraded suite. Honest output must be accepted by the real opener; that is tested.
/// </summary>
public sealed class EnvelopeForge(IRandomSource random)
{
    public required HstMessage Message { get; init; }

    public required PartyCredentials Signer { get; init; }

    public required IReadOnlyList<CertifiedKey> Recipients { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(30);

    public ulong Sequence { get; init; } = 1;

    /// <summary>Plaintext bytes to encrypt instead of the serialized Message.</summary>
    public Func<byte[], byte[]>? MutatePlaintext { get; init; }

    /// <summary>Changes to the header after it is filled in and before it is signed.</summary>
    public Action<EnvelopeHeader>? MutateHeader { get; init; }

    /// <summary>Content key to wrap for a given recipient instead of the real one.</summary>
    public Func<CertifiedKey, byte[], byte[]>? KeyForRecipient { get; init; }

    /// <summary>Changes to the outer envelope after signing.</summary>
    public Action<Protocol.V1.Envelope>? MutateEnvelope { get; init; }

    /// <summary>Intermediate values, for test vectors.</summary>
    public ForgeTrace Trace { get; } = new();

    public byte[] Build()
    {
        var messageId = Protocol.Identities.MessageIds.NewId(CreatedAt, random);
        var contentKey = Draw(ContentKeys.KeySize);
        var nonce = Draw(ContentKeys.NonceSize);
        var encryptionKey = SpecKdf.ContentEncryptionKey(contentKey, messageId);
        var commitment = SpecKdf.KeyCommitment(contentKey, messageId);
        var plaintext = Message.ToByteArray();
        plaintext = MutatePlaintext?.Invoke(plaintext) ?? plaintext;
        var aad = SpecKdf.ContentAad(messageId);
        var ciphertext = ContentKeys.Encrypt(encryptionKey, nonce, plaintext, aad);
        Trace.Record(messageId, contentKey, nonce, encryptionKey, commitment, aad, plaintext);

        var header = new EnvelopeHeader
        {
            Version = ProtocolVersions.Current,
            Suite = CipherSuite.Ed25519X25519HkdfSha256Aes256Gcm,
            MessageId = ByteString.CopyFrom(messageId),
            Sender = Signer.Party.Uri,
            SenderKeyId = ByteString.CopyFrom(Signer.Signing.KeyId.Span),
            CreatedAtMs = CreatedAt.ToUnixTimeMilliseconds(),
            ExpiresAtMs = (CreatedAt + Lifetime).ToUnixTimeMilliseconds(),
            Sequence = Sequence,
            Handling = Message.Handling.Clone(),
            ContentType = ProtocolVersions.HstMessageContentType,
            ContentNonce = ByteString.CopyFrom(nonce),
            CiphertextSha256 = ByteString.CopyFrom(SHA256.HashData(ciphertext)),
            KeyCommitment = ByteString.CopyFrom(commitment),
        };
        foreach (var recipient in Recipients)
        {
            var key = KeyForRecipient?.Invoke(recipient, contentKey) ?? contentKey;
            header.Recipients.Add(Wrap(recipient, key, messageId));
        }

        MutateHeader?.Invoke(header);
        var headerBytes = header.ToByteArray();
        var envelope = new Protocol.V1.Envelope
        {
            Version = ProtocolVersions.Current,
            Header = ByteString.CopyFrom(headerBytes),
            Signature = ByteString.CopyFrom(Signatures.Sign(Signer.SigningKeyPair, Signatures.EnvelopeHeaderLabel, headerBytes)),
            SenderCertificate = ByteString.CopyFrom(Signer.Signing.CertificateDer.Span),
            Ciphertext = ByteString.CopyFrom(ciphertext),
        };
        MutateEnvelope?.Invoke(envelope);
        return envelope.ToByteArray();
    }

    private Recipient Wrap(CertifiedKey recipient, byte[] contentKey, byte[] messageId)
    {
        var ephemeralPrivate = Draw(KeyPairs.KeySize);
        var ephemeralPublic = KeyPairs.X25519PublicKey(ephemeralPrivate);
        var shared = new byte[32];
        Org.BouncyCastle.Math.EC.Rfc7748.X25519.CalculateAgreement(ephemeralPrivate, recipient.PublicKey.Span, shared);
        var kek = SpecKdf.WrapKey(shared, messageId, ephemeralPublic, recipient.PublicKey.ToArray(), recipient.KeyId.ToArray(), recipient.Party.Uri);
        var wrapped = ContentKeys.Encrypt(kek, new byte[ContentKeys.NonceSize], contentKey, ReadOnlySpan<byte>.Empty);
        Trace.RecordWrap(recipient.Party.Uri, ephemeralPrivate, ephemeralPublic, shared, kek, wrapped);
        return new Recipient
        {
            Party = recipient.Party.Uri,
            KeyId = ByteString.CopyFrom(recipient.KeyId.Span),
            EphemeralPublicKey = ByteString.CopyFrom(ephemeralPublic),
            WrappedKey = ByteString.CopyFrom(wrapped),

            // As the sealer does without per-recipient counters: the sender's sequence for every recipient.
            Sequence = Sequence,
        };
    }

    private byte[] Draw(int length)
    {
        var bytes = new byte[length];
        random.Fill(bytes);
        return bytes;
    }
}
