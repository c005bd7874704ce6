using HstFederation.Protocol.Crypto;

namespace HstFederation.Protocol.Tests.Crypto;

/// <summary>A low-order X25519 point is refused on both sides of a key wrap, as before libsodium.</summary>
public sealed class KeyWrappingTests
{
    private static readonly byte[] ContentKey = new byte[ContentKeys.KeySize];
    private static readonly byte[] MessageId = new byte[16];
    private static readonly byte[] KeyId = new byte[KeyIds.Size];

    [Theory]
    [MemberData(nameof(X25519Tests.LowOrderPointsWithAndWithoutTopBit), MemberType = typeof(X25519Tests))]
    public void Wrap_LowOrderRecipientKey_Throws(string pointHex)
    {
        var point = Convert.FromHexString(pointHex);

        Assert.Throws<ArgumentException>(() => KeyWrapping.Wrap(ContentKey, MessageId, point, KeyId, "urn:hst:member:DE", SystemRandomSource.Instance));
    }

    [Theory]
    [MemberData(nameof(X25519Tests.LowOrderPointsWithAndWithoutTopBit), MemberType = typeof(X25519Tests))]
    public void TryUnwrap_LowOrderEphemeralKey_IsFalse(string pointHex)
    {
        var recipientPrivate = new byte[32];
        SystemRandomSource.Instance.Fill(recipientPrivate);
        var recipientPublic = KeyPairs.X25519PublicKey(recipientPrivate);

        var ok = KeyWrapping.TryUnwrap(
            recipientPrivate, recipientPublic, MessageId, Convert.FromHexString(pointHex), new byte[KeyWrapping.WrappedKeySize], KeyId, "urn:hst:member:DE", out var contentKey);

        Assert.False(ok);
        Assert.Empty(contentKey);
    }

    [Fact]
    public void WrapThenTryUnwrap_RealKeys_GiveBackTheContentKey()
    {
        var recipientPrivate = new byte[32];
        SystemRandomSource.Instance.Fill(recipientPrivate);
        var recipientPublic = KeyPairs.X25519PublicKey(recipientPrivate);
        var contentKey = new byte[ContentKeys.KeySize];
        SystemRandomSource.Instance.Fill(contentKey);

        var (ephemeral, wrapped) = KeyWrapping.Wrap(contentKey, MessageId, recipientPublic, KeyId, "urn:hst:member:DE", SystemRandomSource.Instance);

        Assert.True(KeyWrapping.TryUnwrap(recipientPrivate, recipientPublic, MessageId, ephemeral, wrapped, KeyId, "urn:hst:member:DE", out var unwrapped));
        Assert.Equal(contentKey, unwrapped);
    }
}
