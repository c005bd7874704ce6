using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace HstFederation.Protocol.Crypto;

/// <summary>Ed25519 and X25519 key handling (BouncyCastle's RFC 8032 / RFC 7748 code).</summary>
public static class KeyPairs
{
    public const int KeySize = 32;

    public static byte[] Ed25519PublicKey(ReadOnlySpan<byte> seed)
    {
        RequireLength(seed, nameof(seed));
        var publicKey = new byte[KeySize];
        Ed25519.GeneratePublicKey(seed, publicKey);
        return publicKey;
    }

    public static byte[] X25519PublicKey(ReadOnlySpan<byte> privateKey)
    {
        RequireLength(privateKey, nameof(privateKey));
        var publicKey = new byte[KeySize];
        X25519.GeneratePublicKey(privateKey, publicKey);
        return publicKey;
    }

    private static void RequireLength(ReadOnlySpan<byte> key, string name)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"Expected a {KeySize}-byte key.", name);
        }
    }
}
