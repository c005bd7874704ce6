using HstFederation.Protocol.Crypto;
using BcX25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace HstFederation.Protocol.Tests.Crypto;

/// <summary>
/// libsodium's X25519 (<see cref="Curve25519"/>) against RFC 7748 and against BouncyCastle, which
/// the protocol used before: identical public keys and shared secrets, and the same refusal of
/// points whose shared secret is all zero.
/// </summary>
public sealed class X25519Tests
{
    /// <summary>u-coordinates of small order (RFC 7748 §6.1's all-zero results), canonical and not.</summary>
    public static readonly string[] LowOrderPoints =
    [
        "0000000000000000000000000000000000000000000000000000000000000000", // 0
        "0100000000000000000000000000000000000000000000000000000000000000", // 1
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p - 1
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p (≡ 0)
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p + 1 (≡ 1)
    ];

    [Fact]
    public void TryAgree_Rfc7748Section61_GivesTheRfcSharedSecret()
    {
        var alicePrivate = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        var bobPublic = Convert.FromHexString("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        var shared = new byte[32];

        Assert.True(Curve25519.X25519TryAgree(alicePrivate, bobPublic, shared));

        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Convert.ToHexStringLower(KeyPairs.X25519PublicKey(alicePrivate)));
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Convert.ToHexStringLower(shared));
    }

    [Fact]
    public void TryAgree_RandomScalarsAndPoints_MatchBouncyCastleByteForByte()
    {
        var random = new Random(7748);
        for (var i = 0; i < 300; i++)
        {
            var privateKey = Bytes(random, 32);
            var peerPrivate = Bytes(random, 32);
            var expectedPublic = new byte[32];
            BcX25519.GeneratePublicKey(privateKey, 0, expectedPublic, 0);
            Assert.Equal(expectedPublic, KeyPairs.X25519PublicKey(privateKey));

            // A real peer key, and any 32 bytes (top bit set, u ≥ p, not on the curve: the twist).
            var peerPublic = KeyPairs.X25519PublicKey(peerPrivate);
            foreach (var point in new[] { peerPublic, Bytes(random, 32) })
            {
                var expected = new byte[32];
                var expectedOk = BcX25519.CalculateAgreement(privateKey, 0, point, 0, expected, 0);
                var shared = new byte[32];

                Assert.Equal(expectedOk, Curve25519.X25519TryAgree(privateKey, point, shared));
                Assert.Equal(expected, shared);
            }

            var back = new byte[32];
            var forth = new byte[32];
            Assert.True(Curve25519.X25519TryAgree(peerPrivate, KeyPairs.X25519PublicKey(privateKey), back));
            Assert.True(Curve25519.X25519TryAgree(privateKey, peerPublic, forth));
            Assert.Equal(forth, back);
        }
    }

    [Theory]
    [MemberData(nameof(LowOrderPointsWithAndWithoutTopBit))]
    public void TryAgree_LowOrderPoint_IsRefusedAsInBouncyCastle(string pointHex)
    {
        var point = Convert.FromHexString(pointHex);
        var privateKey = Bytes(new Random(1), 32);
        var shared = new byte[32];

        Assert.False(BcX25519.CalculateAgreement(privateKey, 0, point, 0, new byte[32], 0));
        Assert.False(Curve25519.X25519TryAgree(privateKey, point, shared));
        Assert.All(shared, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(31, 32, 32)]
    [InlineData(32, 33, 32)]
    [InlineData(32, 0, 32)]
    [InlineData(32, 32, 31)]
    public void TryAgree_WrongLength_IsFalseNotAnException(int privateLength, int publicLength, int sharedLength)
    {
        Assert.False(Curve25519.X25519TryAgree(new byte[privateLength], new byte[publicLength], new byte[sharedLength]));
    }

    /// <summary>RFC 7748 ignores the top bit of u, so each low-order point also comes with it set.</summary>
    public static TheoryData<string> LowOrderPointsWithAndWithoutTopBit()
    {
        var data = new TheoryData<string>();
        foreach (var hex in LowOrderPoints)
        {
            var bytes = Convert.FromHexString(hex);
            data.Add(hex);
            bytes[31] |= 0x80;
            data.Add(Convert.ToHexStringLower(bytes));
        }

        return data;
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
