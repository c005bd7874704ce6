using HstFederation.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>THREATS rows 22 and 23 at the envelope layer: expiry, skew, revocation, stale trust data.</summary>
public sealed class EnvelopeTimeAndRevocationTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE");

    [Fact]
    public void Open_AfterExpiry_IsExpired()
    {
        var sealedEnvelope = _world.Seal("FR", "DE");

        _world.Time.Advance(TimeSpan.FromDays(30));
        _world.Pki.RefreshCrl();

        Assert.Equal(RejectionReason.Expired, _world.Open(sealedEnvelope.Bytes, "DE").Reason);
    }

    [Fact]
    public void Open_JustBeforeExpiry_Succeeds()
    {
        var sealedEnvelope = _world.Seal("FR", "DE");

        _world.Time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMilliseconds(1));
        _world.Pki.RefreshCrl();

        Assert.True(_world.Open(sealedEnvelope.Bytes, "DE").IsSuccess);
    }

    [Fact]
    public void Open_SenderClockTooFarAhead_IsCreatedInFuture()
    {
        var aheadClock = new FakeTimeProvider(_world.Time.GetUtcNow() + TimeSpan.FromMinutes(6));
        var aheadSealer = new Protocol.Envelope.EnvelopeSealer(aheadClock, _world.Policy);
        var message = _world.Message(["DE"]);

        var sealedEnvelope = aheadSealer.Seal(message, _world.Party("FR"), _world.Keys("DE"), new Protocol.Envelope.SealOptions { Sequence = 1 });

        Assert.Equal(RejectionReason.CreatedInFuture, _world.Open(sealedEnvelope.Bytes, "DE").Reason);
    }

    [Fact]
    public void Open_SenderClockAheadWithinSkew_Succeeds()
    {
        var aheadClock = new FakeTimeProvider(_world.Time.GetUtcNow() + TimeSpan.FromMinutes(4));
        var aheadSealer = new Protocol.Envelope.EnvelopeSealer(aheadClock, _world.Policy);

        var sealedEnvelope = aheadSealer.Seal(_world.Message(["DE"]), _world.Party("FR"), _world.Keys("DE"), new Protocol.Envelope.SealOptions { Sequence = 1 });

        Assert.True(_world.Open(sealedEnvelope.Bytes, "DE").IsSuccess);
    }

    [Fact]
    public void Open_SignedBeforeRevocation_StillOpensAndSignedAfterIsRevoked()
    {
        var before = _world.Seal("FR", "DE");
        _world.Time.Advance(TimeSpan.FromMinutes(1));
        _world.Pki.RevokeMember("FR", _world.Time.GetUtcNow());
        _world.Time.Advance(TimeSpan.FromMinutes(1));

        var after = _world.Seal("FR", "DE");

        Assert.True(_world.Open(before.Bytes, "DE").IsSuccess);
        Assert.Equal(RejectionReason.SenderCertificateRevoked, _world.Open(after.Bytes, "DE").Reason);
    }

    [Fact]
    public void Open_RevocationListNotRefreshedInTime_FailsClosed()
    {
        var sealedEnvelope = _world.Seal("FR", "DE");

        _world.Time.Advance(TimeSpan.FromDays(9));

        var result = _world.Open(sealedEnvelope.Bytes, "DE");
        Assert.Equal(RejectionReason.TrustDataStale, result.Reason);
    }
}
