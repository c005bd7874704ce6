using HstFederation.Protocol.Identities;

namespace HstFederation.Protocol.Pki;

/// <summary>
/// A party's own message keys: the Ed25519 signing key and the X25519 encryption key, each with its
/// certificate as validated against the federation root, and the encryption keys it used before a rotation
/// (<see cref="WithPreviousEncryptionKey"/>), kept only to open what was sealed to them. Private key bytes never
/// leave this type except to the envelope code in this assembly.
/// </summary>
public sealed class PartyCredentials
{
    private readonly byte[] _signingKeyPair;
    private readonly byte[] _encryptionPrivateKey;
    private readonly IReadOnlyList<DecryptionKey> _previous = [];

    /// <param name="signingPrivateKey">32-byte Ed25519 seed.</param>
    /// <param name="encryptionPrivateKey">32-byte X25519 private scalar.</param>
    public PartyCredentials(CertifiedKey signing, ReadOnlySpan<byte> signingPrivateKey, CertifiedKey encryption, ReadOnlySpan<byte> encryptionPrivateKey)
    {
        if (signing.Purpose != CertificatePurpose.MessageSigning)
        {
            throw new ArgumentException("The signing certificate does not certify a message-signing key.", nameof(signing));
        }

        if (encryption.Purpose != CertificatePurpose.MessageEncryption)
        {
            throw new ArgumentException("The encryption certificate does not certify a message-encryption key.", nameof(encryption));
        }

        if (signing.Party != encryption.Party)
        {
            throw new ArgumentException($"The signing certificate names {signing.Party} but the encryption certificate names {encryption.Party}.", nameof(encryption));
        }

        if (signingPrivateKey.Length != 32 || encryptionPrivateKey.Length != 32)
        {
            throw new ArgumentException("Ed25519 and X25519 private keys are 32 bytes.");
        }

        var signingKeyPair = new byte[Crypto.Curve25519.Ed25519KeyPairSize];
        Crypto.Curve25519.Ed25519KeyPair(signingPrivateKey, signingKeyPair);
        if (!signingKeyPair.AsSpan(Crypto.Curve25519.KeySize).SequenceEqual(signing.PublicKey.Span))
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(signingKeyPair);
            throw new ArgumentException("The signing private key does not match the signing certificate.", nameof(signingPrivateKey));
        }

        if (!Crypto.KeyPairs.X25519PublicKey(encryptionPrivateKey).AsSpan().SequenceEqual(encryption.PublicKey.Span))
        {
            throw new ArgumentException("The encryption private key does not match the encryption certificate.", nameof(encryptionPrivateKey));
        }

        Signing = signing;
        Encryption = encryption;
        _signingKeyPair = signingKeyPair;
        _encryptionPrivateKey = encryptionPrivateKey.ToArray();
    }

    private PartyCredentials(PartyCredentials current, IReadOnlyList<DecryptionKey> previous)
    {
        Signing = current.Signing;
        Encryption = current.Encryption;
        _signingKeyPair = current._signingKeyPair;
        _encryptionPrivateKey = current._encryptionPrivateKey;
        _previous = previous;
    }

    public PartyId Party => Signing.Party;

    public CertifiedKey Signing { get; }

    /// <summary>The current encryption key: the one the hub's directory lists, the only one others seal to.</summary>
    public CertifiedKey Encryption { get; }

    /// <summary>
    /// Encryption keys this party held before <see cref="Encryption"/>, in the order given (the loader: by folder name). Only ever used
    /// to open an envelope whose wrap for this party names one of them (sealed before the rotation, or by a sender whose
    /// directory still listed it); never advertised, never sealed to.
    /// </summary>
    public IReadOnlyList<CertifiedKey> PreviousEncryption => [.. _previous.Select(k => k.Certificate)];

    /// <summary>
    /// The signing seed followed by its public key, derived once here (libsodium's form of the
    /// private key): what <see cref="Crypto.Signatures.Sign"/> takes.
    /// </summary>
    internal ReadOnlySpan<byte> SigningKeyPair => _signingKeyPair;

    internal ReadOnlySpan<byte> EncryptionPrivateKey => _encryptionPrivateKey;

    /// <summary>
    /// These credentials plus <paramref name="encryption"/>, a previous encryption key of the same party, for opening
    /// only. The certificate need not be valid now (it was replaced, may have expired or been revoked when it was);
    /// it must certify a message-encryption key of this party that <paramref name="encryptionPrivateKey"/> matches,
    /// and differ from the current key and from the previous ones already held.
    /// </summary>
    /// <param name="encryptionPrivateKey">32-byte X25519 private scalar.</param>
    public PartyCredentials WithPreviousEncryptionKey(CertifiedKey encryption, ReadOnlySpan<byte> encryptionPrivateKey)
    {
        ArgumentNullException.ThrowIfNull(encryption);
        if (encryption.Purpose != CertificatePurpose.MessageEncryption || encryption.Party != Party)
        {
            throw new ArgumentException($"A previous encryption key must certify a message-encryption key of {Party}, not a {encryption.Purpose} key of {encryption.Party}.", nameof(encryption));
        }

        if (encryptionPrivateKey.Length != 32 || !Crypto.KeyPairs.X25519PublicKey(encryptionPrivateKey).AsSpan().SequenceEqual(encryption.PublicKey.Span))
        {
            throw new ArgumentException("The previous encryption private key does not match its certificate.", nameof(encryptionPrivateKey));
        }

        if (Decryption(encryption.KeyId.Span) is not null)
        {
            throw new ArgumentException($"{encryption} is already held (the current key, or a previous one given twice).", nameof(encryption));
        }

        return new PartyCredentials(this, [.. _previous, new DecryptionKey(encryption, encryptionPrivateKey.ToArray())]);
    }

    /// <summary>The key, current or previous, whose key id is <paramref name="keyId"/>; null when this party holds none.</summary>
    internal DecryptionKey? Decryption(ReadOnlySpan<byte> keyId)
    {
        if (keyId.SequenceEqual(Encryption.KeyId.Span))
        {
            return new DecryptionKey(Encryption, _encryptionPrivateKey);
        }

        foreach (var previous in _previous)
        {
            if (keyId.SequenceEqual(previous.Certificate.KeyId.Span))
            {
                return previous;
            }
        }

        return null;
    }

    /// <summary>An encryption key of this party with its private scalar.</summary>
    internal sealed record DecryptionKey(CertifiedKey Certificate, byte[] PrivateKey);
}
