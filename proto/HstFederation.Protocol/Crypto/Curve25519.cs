using System.Security.Cryptography;

namespace HstFederation.Protocol.Crypto;

/// <summary>
/// The Ed25519 and X25519 primitives: libsodium, called through Geralt's static span API (no
/// allocation, no key objects). The only place the protocol calls them; the benchmarks call them
/// here too, so that they measure what the protocol runs.
/// </summary>
internal static class Curve25519
{
    public const int KeySize = 32;
    public const int SignatureSize = 64;

    /// <summary>libsodium's form of an Ed25519 private key: the 32-byte seed followed by its public key.</summary>
    public const int Ed25519KeyPairSize = 64;

    public static void Ed25519PublicKey(ReadOnlySpan<byte> seed, Span<byte> publicKey)
    {
        Span<byte> keyPair = stackalloc byte[Ed25519KeyPairSize];
        Ed25519KeyPair(seed, keyPair);
        keyPair[KeySize..].CopyTo(publicKey);
        CryptographicOperations.ZeroMemory(keyPair);
    }

    /// <summary>seed ‖ public key, derived from the seed (one fixed-base scalar multiplication).</summary>
    public static void Ed25519KeyPair(ReadOnlySpan<byte> seed, Span<byte> keyPair) =>
        Geralt.Ed25519.GenerateKeyPair(keyPair[KeySize..], keyPair, seed);

    /// <summary>
    /// RFC 8032 Ed25519, deterministic: the same seed and message give the same 64 bytes in every
    /// conforming implementation. <paramref name="keyPair"/> must come from <see cref="Ed25519KeyPair"/>:
    /// libsodium hashes its second half as the public key, and two signatures of one message under
    /// different halves would give the private scalar away.
    /// </summary>
    public static void Ed25519Sign(ReadOnlySpan<byte> keyPair, ReadOnlySpan<byte> message, Span<byte> signature) =>
        Geralt.Ed25519.Sign(signature, message, keyPair);

    /// <summary>
    /// False, never an exception, for anything but a valid signature. libsodium rejects a wrong
    /// length (checked here, before Geralt would throw), S ≥ L, a non-canonical or small-order
    /// public key, a small-order R, and then checks [S]B = R + [k]A without the cofactor, comparing
    /// encodings. The one difference from BouncyCastle (before) that the tests found: it refuses a
    /// small-order R, which no honest signer produces (docs/protocol.md §1; Ed25519Tests).
    /// </summary>
    public static bool Ed25519Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        publicKey.Length == KeySize
        && signature.Length == SignatureSize
        && Geralt.Ed25519.Verify(signature, message, publicKey);

    public static void X25519PublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey) =>
        Geralt.X25519.ComputePublicKey(publicKey, privateKey);

    /// <summary>
    /// RFC 7748 X25519 (the scalar is clamped, the top bit of the point ignored). False for a wrong
    /// length and for an all-zero result, i.e. a point of small order: the check RFC 7748 §6.1
    /// asks for, which libsodium makes and Geralt reports as an exception.
    /// </summary>
    public static bool X25519TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, Span<byte> sharedSecret)
    {
        if (privateKey.Length != KeySize || publicKey.Length != KeySize || sharedSecret.Length != KeySize)
        {
            return false;
        }

        try
        {
            Geralt.X25519.ComputeSharedSecret(sharedSecret, privateKey, publicKey);
            return true;
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
            return false;
        }
    }
}
