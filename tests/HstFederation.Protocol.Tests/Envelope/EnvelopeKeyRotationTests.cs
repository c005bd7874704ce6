using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>
/// A recipient that renewed its encryption key (THREATS row 23): what was sealed to the old key still opens while the
/// old key is held as a previous one, and only then; a key it never held is still KEY_WRAP_MISSING.
/// </summary>
public sealed class EnvelopeKeyRotationTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE", "IT");

    [Fact]
    public void Open_SealedToThePreviousKey_WithTheNewKeyAndThePreviousOne_Opens()
    {
        var message = _world.Message(["FR"]);
        var sealedToOld = _world.Seal(message, "DE", "FR");

        var opened = _world.Opener.Open(sealedToOld.Bytes, Renewed(keepPrevious: true));

        Assert.True(opened.IsSuccess, opened.IsSuccess ? null : opened.Rejection!.Detail);
        Assert.Equal(message, opened.Value!.Message);
    }

    [Fact]
    public void Open_SealedToThePreviousKey_WithTheNewKeyOnly_IsKeyWrapMissing()
    {
        var sealedToOld = _world.Seal("DE", "FR");

        var opened = _world.Opener.Open(sealedToOld.Bytes, Renewed(keepPrevious: false));

        Assert.Equal(RejectionReason.KeyWrapMissing, opened.Reason);
    }

    [Fact]
    public void Open_SealedToTheNewKey_WithTheNewKeyAndThePreviousOne_Opens()
    {
        var renewed = Renewed(keepPrevious: true);
        var message = _world.Message(["FR"]);
        var sealedToNew = _world.Sealer.Seal(message, _world.Party("DE"), [renewed.Encryption], new SealOptions { Sequence = 1 });

        var opened = _world.Opener.Open(sealedToNew.Bytes, renewed);

        Assert.True(opened.IsSuccess, opened.IsSuccess ? null : opened.Rejection!.Detail);
        Assert.Equal(message, opened.Value!.Message);
        // The new key is the one advertised and sealed to; the previous one is held for opening only.
        Assert.Equal(_world.Party("FR").Encryption.KeyId.ToArray(), Assert.Single(renewed.PreviousEncryption).KeyId.ToArray());
    }

    [Fact]
    public void OpenContent_SealedToThePreviousKey_WithTheNewKeyAndThePreviousOne_Opens()
    {
        var sealedToOld = _world.Seal("DE", "FR");

        Assert.True(_world.Opener.OpenContent(sealedToOld.Bytes, Renewed(keepPrevious: true)).IsSuccess);
        Assert.Equal(RejectionReason.KeyWrapMissing, _world.Opener.OpenContent(sealedToOld.Bytes, Renewed(keepPrevious: false)).Reason);
    }

    [Fact]
    public void WithPreviousEncryptionKey_AnotherPartysKey_OrAKeyNotMatchingItsCertificate_OrOneAlreadyHeld_IsRefused()
    {
        var fr = _world.Pki.IssuedMember("FR");
        var it = _world.Pki.IssuedMember("IT");
        var credentials = _world.Party("FR");

        Assert.Throws<ArgumentException>(() => credentials.WithPreviousEncryptionKey(_world.Party("IT").Encryption, it.Encryption.RawPrivateKey));
        Assert.Throws<ArgumentException>(() => credentials.WithPreviousEncryptionKey(_world.Party("FR").Signing, fr.Signing.RawPrivateKey));
        Assert.Throws<ArgumentException>(() => credentials.WithPreviousEncryptionKey(_world.Party("FR").Encryption, fr.Encryption.RawPrivateKey));
        var renewed = Renewed(keepPrevious: true);
        Assert.Throws<ArgumentException>(() => renewed.WithPreviousEncryptionKey(_world.Party("FR").Encryption, fr.Encryption.RawPrivateKey));
        var other = _world.Pki.Authority.IssueEncryption(PartyId.Member("FR"));
        Assert.Throws<ArgumentException>(() => credentials.WithPreviousEncryptionKey(other.Validate(_world.Pki.Trust).Key!, fr.Encryption.RawPrivateKey));
    }

    /// <summary>FR after renewing its encryption key (same signing key), holding the replaced key as a previous one or not.</summary>
    private PartyCredentials Renewed(bool keepPrevious)
    {
        var fr = _world.Pki.IssuedMember("FR");
        var issued = _world.Pki.Authority.IssueEncryption(PartyId.Member("FR"));
        var renewed = new PartyCredentials(_world.Party("FR").Signing, fr.Signing.RawPrivateKey, issued.Validate(_world.Pki.Trust).Key!, issued.RawPrivateKey);
        Assert.NotEqual(_world.Party("FR").Encryption.KeyId.ToArray(), renewed.Encryption.KeyId.ToArray());
        return keepPrevious ? renewed.WithPreviousEncryptionKey(_world.Party("FR").Encryption, fr.Encryption.RawPrivateKey) : renewed;
    }
}
