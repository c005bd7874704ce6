using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Envelope;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>
/// Re-opening an envelope a party kept after verifying it on receipt (the hub's products over a past period):
/// what changed since — expiry, redefined regions — does not stop it; anything that needs a signature still does.
/// </summary>
public sealed class EnvelopeStoredTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE", "IT");

    [Fact]
    public void OpenStored_PastItsExpiry_Opens_WhereOpenSaysExpired()
    {
        var kept = _world.Seal("FR", "DE", "IPSG");
        var reference = _world.Message(["DE"]).Case.Reference;

        _world.Time.Advance(TimeSpan.FromDays(60));
        _world.Pki.RefreshCrl();

        Assert.Equal(RejectionReason.Expired, _world.Open(kept.Bytes, "IPSG").Reason);
        var opened = _world.Opener.OpenStored(kept.Bytes, _world.Party("IPSG")).GetValueOrThrow();
        Assert.Equal(reference, opened.Message.Case.Reference);
    }

    [Fact]
    public void OpenStored_AddressedToARegionRedefinedSince_Opens_WhereOpenSaysHandlingViolation()
    {
        var message = _world.Message(["IT", "IPSG"], edit: handling => { handling.Addressees.Members.Clear(); handling.Addressees.Regions.Add("EU-MED"); });
        var kept = _world.Seal(message, "FR", "IT", "IPSG");
        var verifierWithoutTheRegion = new EnvelopeVerifier(_world.Pki.Trust, HandlingPolicy.WithoutRegions);

        Assert.Equal(RejectionReason.HandlingViolation, new EnvelopeOpener(verifierWithoutTheRegion).Open(kept.Bytes, _world.Party("IPSG")).Reason);
        Assert.True(new EnvelopeOpener(verifierWithoutTheRegion).OpenStored(kept.Bytes, _world.Party("IPSG")).IsSuccess);
    }

    [Fact]
    public void CheckCurrent_AfterVerifyStored_RefusesWhatVerifyRefuses_ExpiryAndARegionRedefinedSince()
    {
        var message = _world.Message(["IT", "IPSG"], edit: handling => { handling.Addressees.Members.Clear(); handling.Addressees.Regions.Add("EU-MED"); });
        var kept = _world.Seal(message, "FR", "IT", "IPSG");
        var verifierWithoutTheRegion = new EnvelopeVerifier(_world.Pki.Trust, HandlingPolicy.WithoutRegions);
        Assert.Null(_world.Verifier.CheckCurrent(_world.Verifier.VerifyStored(kept.Bytes).GetValueOrThrow()));

        var redefined = verifierWithoutTheRegion.CheckCurrent(verifierWithoutTheRegion.VerifyStored(kept.Bytes).GetValueOrThrow());
        _world.Time.Advance(TimeSpan.FromDays(60));
        _world.Pki.RefreshCrl();
        var expired = _world.Verifier.CheckCurrent(_world.Verifier.VerifyStored(kept.Bytes).GetValueOrThrow());

        Assert.Equal(RejectionReason.HandlingViolation, redefined?.Reason);
        Assert.Equal(RejectionReason.Expired, expired?.Reason);
        Assert.Equal(RejectionReason.Expired, _world.Verifier.Verify(kept.Bytes).Reason);
    }

    [Fact]
    public void VerifyStored_AHonestForward_AddsItsRecipientToTheAudience()
    {
        var atHub = _world.Open(_world.Seal(_world.Message(["DE", "IPSG"], HandlingCode.H0), "FR", "DE", "IPSG").Bytes, "IPSG").GetValueOrThrow();
        var forwarded = _world.Forwarder.Forward(atHub, _world.Party("IPSG"), _world.Keys("IT")).GetValueOrThrow();
        _world.Time.Advance(TimeSpan.FromDays(45));
        _world.Pki.RefreshCrl();

        var verified = _world.Verifier.VerifyStored(forwarded.Bytes).GetValueOrThrow();

        Assert.Equal(["urn:hst:member:DE", "urn:hst:hub:IPSG", "urn:hst:member:IT"], verified.Audience.Select(r => r.Party));
    }

    [Fact]
    public void VerifyStored_AForwardSignedByAMember_IsStillRefused()
    {
        var atHub = _world.Open(_world.Seal(_world.Message(["DE", "IPSG"], HandlingCode.H0), "FR", "DE", "IPSG").Bytes, "IPSG").GetValueOrThrow();

        var forged = ForwardForge.Append(atHub, _world.Party("DE"), _world.Keys("IT"), _world.Time.GetUtcNow(), SystemRandomSource.Instance);

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Verifier.VerifyStored(forged).Reason);
    }

    [Fact]
    public void VerifyStored_ABitFlippedInTheSignedHeader_IsStillSignatureInvalid()
    {
        var kept = _world.Seal("FR", "DE", "IPSG").Bytes.ToArray();
        var envelope = V1.Envelope.Parser.ParseFrom(kept);
        var header = envelope.Header.ToByteArray();
        header[^1] ^= 1;
        envelope.Header = ByteString.CopyFrom(header);

        Assert.Equal(RejectionReason.SignatureInvalid, _world.Verifier.VerifyStored(envelope.ToByteArray()).Reason);
    }
}
