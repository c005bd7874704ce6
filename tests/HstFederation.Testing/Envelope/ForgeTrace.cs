namespace HstFederation.Testing.Envelope;

/// <summary>The intermediate values of one forged envelope, written into the test vectors.</summary>
public sealed class ForgeTrace
{
    public byte[] MessageId { get; private set; } = [];

    public byte[] ContentKey { get; private set; } = [];

    public byte[] ContentNonce { get; private set; } = [];

    public byte[] EncryptionKey { get; private set; } = [];

    public byte[] KeyCommitment { get; private set; } = [];

    public byte[] AssociatedData { get; private set; } = [];

    public byte[] Plaintext { get; private set; } = [];

    public List<WrapTrace> Wraps { get; } = [];

    internal void Record(byte[] messageId, byte[] contentKey, byte[] nonce, byte[] encryptionKey, byte[] commitment, byte[] aad, byte[] plaintext)
    {
        MessageId = messageId;
        ContentKey = contentKey;
        ContentNonce = nonce;
        EncryptionKey = encryptionKey;
        KeyCommitment = commitment;
        AssociatedData = aad;
        Plaintext = plaintext;
    }

    internal void RecordWrap(string party, byte[] ephemeralPrivate, byte[] ephemeralPublic, byte[] shared, byte[] kek, byte[] wrapped) =>
        Wraps.Add(new WrapTrace(party, ephemeralPrivate, ephemeralPublic, shared, kek, wrapped));
}

public sealed record WrapTrace(string Party, byte[] EphemeralPrivateKey, byte[] EphemeralPublicKey, byte[] SharedSecret, byte[] WrapKey, byte[] WrappedKey);
