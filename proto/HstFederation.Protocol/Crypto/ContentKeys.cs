using System.Security.Cryptography;
using System.Text;

namespace HstFederation.Protocol.Crypto;

/// <summary>
/// From the random 32-byte content key K: the AES-256-GCM key that encrypts the content and the
/// commitment that the signed header carries (docs/protocol.md §5). The commitment makes it
/// impossible to give different recipients different keys that open the same ciphertext.
/// </summary>
internal static class ContentKeys
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private static readonly byte[] EncryptionInfo = Encoding.ASCII.GetBytes("HST/v1/content-encryption");
    private static readonly byte[] CommitmentInfo = Encoding.ASCII.GetBytes("HST/v1/key-commitment");
    private static readonly byte[] ContentAadLabel = Encoding.ASCII.GetBytes("HST/v1/content\0");

    public static (byte[] EncryptionKey, byte[] Commitment) Derive(ReadOnlySpan<byte> contentKey, ReadOnlySpan<byte> messageId)
    {
        Span<byte> prk = stackalloc byte[32];
        HKDF.Extract(HashAlgorithmName.SHA256, contentKey, messageId, prk);
        var encryptionKey = new byte[KeySize];
        var commitment = new byte[32];
        HKDF.Expand(HashAlgorithmName.SHA256, prk, encryptionKey, EncryptionInfo);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, commitment, CommitmentInfo);
        CryptographicOperations.ZeroMemory(prk);
        return (encryptionKey, commitment);
    }

    public static byte[] AssociatedData(ReadOnlySpan<byte> messageId)
    {
        var aad = new byte[ContentAadLabel.Length + messageId.Length];
        ContentAadLabel.CopyTo(aad, 0);
        messageId.CopyTo(aad.AsSpan(ContentAadLabel.Length));
        return aad;
    }

    public static byte[] Encrypt(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        var output = new byte[plaintext.Length + TagSize];
        using var aes = new AesGcm(encryptionKey, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), aad);
        return output;
    }

    public static bool TryDecrypt(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, ReadOnlySpan<byte> aad, out byte[] plaintext)
    {
        plaintext = [];
        if (ciphertextAndTag.Length < TagSize)
        {
            return false;
        }

        var length = ciphertextAndTag.Length - TagSize;
        var output = new byte[length];
        using var aes = new AesGcm(encryptionKey, TagSize);
        try
        {
            aes.Decrypt(nonce, ciphertextAndTag[..length], ciphertextAndTag[length..], output, aad);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = output;
        return true;
    }
}
