using System.Numerics;
using System.Security.Cryptography;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace HstFederation.Protocol.Tests.Crypto;

/// <summary>
/// Builds the Ed25519 edge cases a verifier must refuse, with scalar arithmetic written out
/// (RFC 8032 §5.1) and BouncyCastle as the independent reference for [s]B.
/// </summary>
internal static class Ed25519Forgery
{
    public static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    public static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    /// <summary>The eight points of order dividing 8 (canonical), then non-canonical encodings of some of them.</summary>
    public static readonly string[] SmallOrderEncodings =
    [
        "0100000000000000000000000000000000000000000000000000000000000000", // identity
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2 (y = -1)
        "0000000000000000000000000000000000000000000000000000000000000000", // order 4 (y = 0)
        "0000000000000000000000000000000000000000000000000000000000000080", // order 4 (y = 0, other x)
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", // order 8
        "0100000000000000000000000000000000000000000000000000000000000080", // identity, x = -0
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // identity, y = p + 1
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 4, y = p
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // order 2, x = -0
    ];

    public static BigInteger Number(ReadOnlySpan<byte> littleEndian) => new(littleEndian, isUnsigned: true, isBigEndian: false);

    public static byte[] Encode(BigInteger value)
    {
        var bytes = new byte[32];
        Assert.True(value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false));
        return bytes;
    }

    public static byte[] PublicKey(byte[] seed)
    {
        var publicKey = new byte[32];
        BcEd25519.GeneratePublicKey(seed, 0, publicKey, 0);
        return publicKey;
    }

    /// <summary>The secret scalar a of a seed (clamped first half of SHA-512(seed)); A = [a]B.</summary>
    public static BigInteger SecretScalar(byte[] seed)
    {
        var h = SHA512.HashData(seed);
        h[0] &= 248;
        h[31] &= 127;
        h[31] |= 64;
        return Number(h.AsSpan(0, 32));
    }

    /// <summary>k = SHA-512(R ‖ A ‖ M) mod L.</summary>
    public static BigInteger Challenge(byte[] r, byte[] publicKey, byte[] message) =>
        Number(SHA512.HashData([.. r, .. publicKey, .. message])) % L;

    /// <summary>R = the identity, S = k·a: [S]B = R + [k]A holds, but R has small order.</summary>
    public static byte[] SignatureWithIdentityR(byte[] seed, byte[] message) => SignatureWithR(Encode(1), seed, message);

    /// <summary>S = k·a for the given R bytes, so that only R's own checks can refuse it.</summary>
    public static byte[] SignatureWithR(byte[] r, byte[] seed, byte[] message)
    {
        var s = Challenge(r, PublicKey(seed), message) * SecretScalar(seed) % L;
        return [.. r, .. Encode(s)];
    }

    /// <summary>
    /// A signature that satisfies [S]B = R + [k]A for a public key A of order dividing 8:
    /// R = [s]B and S = s, with s drawn until k ≡ 0 (mod 8) so that [k]A is the identity.
    /// </summary>
    public static byte[] SignatureForSmallOrderKey(byte[] publicKey, byte[] message, Random random)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var seed = new byte[32];
            random.NextBytes(seed);
            var r = PublicKey(seed);
            if (Challenge(r, publicKey, message) % 8 == 0)
            {
                return [.. r, .. Encode(SecretScalar(seed) % L)];
            }
        }

        throw new InvalidOperationException("no suitable R found");
    }

    /// <summary>The same signature with S replaced by S + L (same value mod L, not canonical).</summary>
    public static byte[] WithSPlusL(byte[] signature)
    {
        var copy = signature.ToArray();
        Encode(Number(signature.AsSpan(32)) + L).CopyTo(copy, 32);
        return copy;
    }

    /// <summary>The canonical encoding of a y with no x on the curve: (y² − 1)/(d·y² + 1) is not a square mod p.</summary>
    public static byte[] NotOnCurve()
    {
        var d = (((-121665 * BigInteger.ModPow(121666, P - 2, P)) % P) + P) % P;
        for (BigInteger y = 2; ; y++)
        {
            var u = ((y * y) - 1) % P;
            var v = ((d * y * y) + 1) % P;
            var x2 = u * BigInteger.ModPow(v, P - 2, P) % P;
            if (BigInteger.ModPow(x2, (P - 1) / 2, P) == P - 1)
            {
                return Encode(y);
            }
        }
    }
}
