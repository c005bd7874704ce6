using HstFederation.Protocol.Crypto;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace HstFederation.Protocol.Tests.Crypto;

/// <summary>
/// libsodium's Ed25519 (<see cref="Curve25519"/>) against RFC 8032 and against BouncyCastle, which
/// the protocol used before: identical keys and signatures, and the same verdict on every edge case
/// but one (a small-order R, which libsodium refuses and BouncyCastle accepts).
/// </summary>
public sealed class Ed25519Tests
{
    private static readonly byte[] Message = "HST/v1/test\0edge case"u8.ToArray();

    [Fact]
    public void Sign_Rfc8032Test1_GivesTheRfcKeyAndSignature()
    {
        var seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        var signature = Sign(seed, []);

        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(KeyPairs.Ed25519PublicKey(seed)));
        Assert.Equal(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexStringLower(signature));
    }

    [Fact]
    public void SignAndVerify_RandomSeedsAndMessages_MatchBouncyCastleByteForByte()
    {
        var random = new Random(8032);
        for (var i = 0; i < 300; i++)
        {
            var seed = Bytes(random, 32);
            var message = Bytes(random, random.Next(0, i % 10 == 0 ? 30_000 : 600));
            var expectedKey = Ed25519Forgery.PublicKey(seed);
            var expected = new byte[64];
            BcEd25519.Sign(seed, 0, message, 0, message.Length, expected, 0);

            var signature = Sign(seed, message);

            Assert.Equal(expectedKey, KeyPairs.Ed25519PublicKey(seed));
            Assert.Equal(expected, signature);
            Assert.True(Curve25519.Ed25519Verify(expectedKey, message, signature));

            // One flipped bit anywhere: both refuse.
            var flipped = signature.ToArray();
            var key = expectedKey.ToArray();
            var text = message.Length > 0 ? message.ToArray() : [0];
            var target = (i % 3) switch { 0 => flipped, 1 => key, _ => text };
            target[random.Next(target.Length)] ^= (byte)(1 << random.Next(8));
            Assert.False(Curve25519.Ed25519Verify(key, text, flipped));
            Assert.False(BcEd25519.Verify(flipped, 0, key, 0, text, 0, text.Length));
        }
    }

    [Fact]
    public void Verify_NonCanonicalS_IsFalseAsInBouncyCastle()
    {
        var (seed, publicKey, signature) = Signed();
        var forged = Ed25519Forgery.WithSPlusL(signature);

        Assert.False(BcEd25519.Verify(forged, 0, publicKey, 0, Message, 0, Message.Length));
        Assert.False(Curve25519.Ed25519Verify(publicKey, Message, forged));
        Assert.True(Curve25519.Ed25519Verify(KeyPairs.Ed25519PublicKey(seed), Message, signature));
    }

    [Fact]
    public void Verify_SHighBitsSet_IsFalseAsInBouncyCastle()
    {
        var (_, publicKey, signature) = Signed();
        signature[63] |= 0xE0;

        Assert.False(BcEd25519.Verify(signature, 0, publicKey, 0, Message, 0, Message.Length));
        Assert.False(Curve25519.Ed25519Verify(publicKey, Message, signature));
    }

    [Theory]
    [MemberData(nameof(SmallOrderEncodings))]
    public void Verify_SmallOrderOrNonCanonicalPublicKey_IsFalseAsInBouncyCastle(string publicKeyHex)
    {
        var publicKey = Convert.FromHexString(publicKeyHex);
        var forged = Ed25519Forgery.SignatureForSmallOrderKey(publicKey, Message, new Random(BitConverter.ToInt32(publicKey, 28)));

        Assert.False(BcEd25519.Verify(forged, 0, publicKey, 0, Message, 0, Message.Length));
        Assert.False(Curve25519.Ed25519Verify(publicKey, Message, forged));
    }

    /// <summary>
    /// The one difference: R of small order with S = k·a satisfies the cofactorless equation, and
    /// BouncyCastle accepts it; libsodium refuses any small-order R. Safe: R = [r]B for an honest
    /// signer, and r ≡ 0 (mod L) has probability 2⁻²⁵², so no signature a party made is lost; and
    /// the forgery needs the private key, so accepting it never proved anything BouncyCastle's did not.
    /// </summary>
    [Fact]
    public void Verify_SmallOrderR_IsFalseWhereBouncyCastleAccepts()
    {
        var (seed, publicKey, _) = Signed();
        var forged = Ed25519Forgery.SignatureWithIdentityR(seed, Message);

        Assert.True(BcEd25519.Verify(forged, 0, publicKey, 0, Message, 0, Message.Length));
        Assert.False(Curve25519.Ed25519Verify(publicKey, Message, forged));
    }

    [Theory]
    [InlineData("0100000000000000000000000000000000000000000000000000000000000080")] // identity, x = -0
    [InlineData("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")] // identity, y = p + 1
    public void Verify_NonCanonicalR_IsFalseAsInBouncyCastle(string rHex)
    {
        var (seed, publicKey, _) = Signed();
        var forged = Ed25519Forgery.SignatureWithR(Convert.FromHexString(rHex), seed, Message);

        Assert.False(BcEd25519.Verify(forged, 0, publicKey, 0, Message, 0, Message.Length));
        Assert.False(Curve25519.Ed25519Verify(publicKey, Message, forged));
    }

    [Fact]
    public void Verify_PublicKeyNotOnTheCurve_IsFalseAsInBouncyCastle()
    {
        var (_, _, signature) = Signed();
        var publicKey = Ed25519Forgery.NotOnCurve();

        Assert.False(BcEd25519.Verify(signature, 0, publicKey, 0, Message, 0, Message.Length));
        Assert.False(Curve25519.Ed25519Verify(publicKey, Message, signature));
    }

    [Fact]
    public void Verify_RandomGarbage_IsFalseLikeBouncyCastleAndNeverThrows()
    {
        var random = new Random(25519);
        var (_, realKey, _) = Signed();
        for (var i = 0; i < 2000; i++)
        {
            var signature = Bytes(random, 64);
            var publicKey = i % 2 == 0 ? realKey : Bytes(random, 32);

            Assert.False(BcEd25519.Verify(signature, 0, publicKey, 0, Message, 0, Message.Length));
            Assert.False(Curve25519.Ed25519Verify(publicKey, Message, signature));
        }
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(31, 64)]
    [InlineData(33, 64)]
    [InlineData(32, 0)]
    [InlineData(32, 63)]
    [InlineData(32, 65)]
    public void Verify_WrongLength_IsFalseNotAnException(int publicKeyLength, int signatureLength)
    {
        var (_, publicKey, signature) = Signed();
        var key = new byte[publicKeyLength];
        var sig = new byte[signatureLength];
        publicKey.AsSpan(0, Math.Min(32, publicKeyLength)).CopyTo(key);
        signature.AsSpan(0, Math.Min(64, signatureLength)).CopyTo(sig);

        Assert.False(Curve25519.Ed25519Verify(key, Message, sig));
        Assert.False(Signatures.Verify(key, Signatures.EnvelopeHeaderLabel, Message, sig));
    }

    public static TheoryData<string> SmallOrderEncodings() => new(Ed25519Forgery.SmallOrderEncodings);

    [Fact]
    public void Ed25519KeyPair_IsTheSeedThenItsPublicKey()
    {
        var seed = Bytes(new Random(3), 32);
        var keyPair = new byte[Curve25519.Ed25519KeyPairSize];

        Curve25519.Ed25519KeyPair(seed, keyPair);

        Assert.Equal(seed, keyPair[..32]);
        Assert.Equal(Ed25519Forgery.PublicKey(seed), keyPair[32..]);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(63)]
    [InlineData(65)]
    public void SignaturesSign_NotAKeyPair_Throws(int length)
    {
        Assert.Throws<ArgumentException>(() => Signatures.Sign(new byte[length], Signatures.EnvelopeHeaderLabel, Message));
    }

    private static byte[] Sign(byte[] seed, byte[] message)
    {
        var keyPair = new byte[Curve25519.Ed25519KeyPairSize];
        Curve25519.Ed25519KeyPair(seed, keyPair);
        var signature = new byte[64];
        Curve25519.Ed25519Sign(keyPair, message, signature);
        return signature;
    }

    private static (byte[] Seed, byte[] PublicKey, byte[] Signature) Signed()
    {
        var seed = Bytes(new Random(7), 32);
        return (seed, KeyPairs.Ed25519PublicKey(seed), Sign(seed, Message));
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
