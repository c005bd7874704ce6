using System.Security.Cryptography;
using System.Text;

namespace HstFederation.Protocol.Crypto;

/// <summary>
/// Wraps the content key to one recipient: a fresh X25519 key pair, HKDF-SHA256 over the shared
/// secret bound to the message id, both public keys, the recipient's key id and identity, then
/// AES-256-GCM with a zero nonce (each wrap key is used once). docs/protocol.md §6.
/// </summary>
internal static class KeyWrapping
{
    public const int WrappedKeySize = ContentKeys.KeySize + ContentKeys.TagSize;

    private static readonly byte[] InfoLabel = Encoding.ASCII.GetBytes("HST/v1/key-wrap\0");
    private static readonly byte[] ZeroNonce = new byte[ContentKeys.NonceSize];

    public static (byte[] EphemeralPublicKey, byte[] WrappedKey) Wrap(
        ReadOnlySpan<byte> contentKey, ReadOnlySpan<byte> messageId, ReadOnlySpan<byte> recipientPublicKey,
        ReadOnlySpan<byte> recipientKeyId, string recipientParty, IRandomSource random)
    {
        Span<byte> ephemeralPrivate = stackalloc byte[KeyPairs.KeySize];
        random.Fill(ephemeralPrivate);
        var ephemeralPublic = KeyPairs.X25519PublicKey(ephemeralPrivate);
        Span<byte> shared = stackalloc byte[KeyPairs.KeySize];
        if (!Curve25519.X25519TryAgree(ephemeralPrivate, recipientPublicKey, shared))
        {
            CryptographicOperations.ZeroMemory(ephemeralPrivate);
            throw new ArgumentException("The recipient's X25519 key is not 32 bytes or is a low-order point.", nameof(recipientPublicKey));
        }

        CryptographicOperations.ZeroMemory(ephemeralPrivate);
        var kek = DeriveWrapKey(shared, messageId, ephemeralPublic, recipientPublicKey, recipientKeyId, recipientParty);
        CryptographicOperations.ZeroMemory(shared);
        var wrapped = ContentKeys.Encrypt(kek, ZeroNonce, contentKey, ReadOnlySpan<byte>.Empty);
        CryptographicOperations.ZeroMemory(kek);
        return (ephemeralPublic, wrapped);
    }

    public static bool TryUnwrap(
        ReadOnlySpan<byte> recipientPrivateKey, ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> messageId,
        ReadOnlySpan<byte> ephemeralPublicKey, ReadOnlySpan<byte> wrappedKey, ReadOnlySpan<byte> recipientKeyId,
        string recipientParty, out byte[] contentKey)
    {
        contentKey = [];
        if (ephemeralPublicKey.Length != KeyPairs.KeySize || wrappedKey.Length != WrappedKeySize)
        {
            return false;
        }

        Span<byte> shared = stackalloc byte[KeyPairs.KeySize];
        if (!Curve25519.X25519TryAgree(recipientPrivateKey, ephemeralPublicKey, shared))
        {
            return false;
        }

        var kek = DeriveWrapKey(shared, messageId, ephemeralPublicKey, recipientPublicKey, recipientKeyId, recipientParty);
        CryptographicOperations.ZeroMemory(shared);
        var ok = ContentKeys.TryDecrypt(kek, ZeroNonce, wrappedKey, ReadOnlySpan<byte>.Empty, out contentKey);
        CryptographicOperations.ZeroMemory(kek);
        return ok;
    }

    internal static byte[] DeriveWrapKey(
        ReadOnlySpan<byte> shared, ReadOnlySpan<byte> messageId, ReadOnlySpan<byte> ephemeralPublicKey,
        ReadOnlySpan<byte> recipientPublicKey, ReadOnlySpan<byte> recipientKeyId, string recipientParty)
    {
        var party = Encoding.UTF8.GetBytes(recipientParty);
        var info = new byte[InfoLabel.Length + messageId.Length + ephemeralPublicKey.Length + recipientPublicKey.Length + recipientKeyId.Length + party.Length];
        var offset = 0;
        foreach (var part in new[] { InfoLabel, messageId.ToArray(), ephemeralPublicKey.ToArray(), recipientPublicKey.ToArray(), recipientKeyId.ToArray(), party })
        {
            part.CopyTo(info, offset);
            offset += part.Length;
        }

        var kek = new byte[ContentKeys.KeySize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, kek, messageId, info);
        return kek;
    }
}
