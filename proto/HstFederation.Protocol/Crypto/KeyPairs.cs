namespace HstFederation.Protocol.Crypto;

/// <summary>Ed25519 and X25519 key handling (libsodium, see <see cref="Curve25519"/>).</summary>
public static class KeyPairs
{
    public const int KeySize = Curve25519.KeySize;

    public static byte[] Ed25519PublicKey(ReadOnlySpan<byte> seed)
    {
        RequireLength(seed, nameof(seed));
        var publicKey = new byte[KeySize];
        Curve25519.Ed25519PublicKey(seed, publicKey);
        return publicKey;
    }

    public static byte[] X25519PublicKey(ReadOnlySpan<byte> privateKey)
    {
        RequireLength(privateKey, nameof(privateKey));
        var publicKey = new byte[KeySize];
        Curve25519.X25519PublicKey(privateKey, publicKey);
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
