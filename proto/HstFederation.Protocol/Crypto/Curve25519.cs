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

    /// <summary>libsodium's Ed25519 secret key: the 32-byte seed followed by the public key.</summary>
    private const int ExpandedKeySize = 64;

    public static void Ed25519PublicKey(ReadOnlySpan<byte> seed, Span<byte> publicKey)
    {
        Span<byte> expanded = stackalloc byte[ExpandedKeySize];
        Geralt.Ed25519.GenerateKeyPair(publicKey, expanded, seed);
        CryptographicOperations.ZeroMemory(expanded);
    }

    /// <summary>
    /// RFC 8032 Ed25519, deterministic: the same seed and message give the same 64 bytes in every
    /// conforming implementation. libsodium signs with seed ‖ public key, so the public key is
    /// derived from the seed on every call (as BouncyCastle's seed-only Sign did).
    /// </summary>
    public static void Ed25519Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        Span<byte> publicKey = stackalloc byte[KeySize];
        Span<byte> expanded = stackalloc byte[ExpandedKeySize];
        try
        {
            Geralt.Ed25519.GenerateKeyPair(publicKey, expanded, seed);
            Geralt.Ed25519.Sign(signature, message, expanded);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expanded);
        }
    }

    /// <summary>
    /// False, never an exception, for anything but a valid signature. libsodium rejects a wrong
    /// length (checked here, before Geralt would throw), S ≥ L, a non-canonical or small-order
    /// public key, a small-order R, and then checks [S]B = R + [k]A without the cofactor, comparing
    /// encodings. It is stricter than BouncyCastle in one case only: a small-order R, which no
    /// honest signer produces (docs/protocol.md §4).
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
