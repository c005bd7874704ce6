using HstFederation.Protocol.Identities;

namespace HstFederation.Protocol.Pki;

/// <summary>
/// A party's own message keys: the Ed25519 signing key and the X25519 encryption key, each with its
/// certificate as validated against the federation root. Private key bytes never leave this type
/// except to the envelope code in this assembly.
/// </summary>
public sealed class PartyCredentials
{
    private readonly byte[] _signingKeyPair;
    private readonly byte[] _encryptionPrivateKey;

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

    public PartyId Party => Signing.Party;

    public CertifiedKey Signing { get; }

    public CertifiedKey Encryption { get; }

    /// <summary>
    /// The signing seed followed by its public key, derived once here (libsodium's form of the
    /// private key): what <see cref="Crypto.Signatures.Sign"/> takes.
    /// </summary>
    internal ReadOnlySpan<byte> SigningKeyPair => _signingKeyPair;

    internal ReadOnlySpan<byte> EncryptionPrivateKey => _encryptionPrivateKey;
}
