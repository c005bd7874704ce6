using System.Security.Cryptography;

namespace HstFederation.Protocol.Crypto;

/// <summary>Key id = the first 16 bytes of SHA-256 over the key's public bytes (docs/protocol.md §3).</summary>
public static class KeyIds
{
    public const int Size = 16;

    public static byte[] Compute(ReadOnlySpan<byte> publicKey)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(publicKey, digest);
        return digest[..Size].ToArray();
    }
}
