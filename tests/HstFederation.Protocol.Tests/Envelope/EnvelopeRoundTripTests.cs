using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Tests.Envelope;

public sealed class EnvelopeRoundTripTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(195)]
    public void Open_EveryRecipientOfNMembers_GetsTheSignedMessageAndANonRecipientCannot(int recipients)
    {
        var codes = CountryCodes.All.Where(c => c != "FR" && c != "ZW").Take(recipients).ToArray();
        var world = EnvelopeWorld.Create([.. codes, "FR", "ZW"]);
        var message = world.Message(codes);

        var sealedEnvelope = world.Seal(message, "FR", codes);

        foreach (var code in codes)
        {
            var opened = world.Open(sealedEnvelope.Bytes, code);
            Assert.True(opened.IsSuccess, $"{code}: {opened.Rejection}");
            Assert.Equal(message, opened.Value.Message);
            Assert.Equal(PartyId.Member("FR"), opened.Value.Verified.SenderParty);
        }

        var outsider = world.Open(sealedEnvelope.Bytes, "ZW");
        Assert.Equal(RejectionReason.NotARecipient, outsider.Reason);
    }

    [Fact]
    public void Open_HubReadableMessage_HubOpensIt()
    {
        var world = EnvelopeWorld.Create("FR", "DE");
        var sealedEnvelope = world.Seal("FR", "DE", PartyId.HubCode);

        Assert.True(world.Open(sealedEnvelope.Bytes, PartyId.HubCode).IsSuccess);
        Assert.True(world.Open(sealedEnvelope.Bytes, "DE").IsSuccess);
    }

    [Fact]
    public void Open_DirectExchange_HubIsNotARecipient()
    {
        var world = EnvelopeWorld.Create("FR", "DE");
        var sealedEnvelope = world.Seal("FR", "DE");

        Assert.True(world.Verifier.Verify(sealedEnvelope.Bytes).IsSuccess);
        Assert.Equal(RejectionReason.NotARecipient, world.Open(sealedEnvelope.Bytes, PartyId.HubCode).Reason);
        Assert.DoesNotContain(sealedEnvelope.Header.Recipients, r => r.Party == PartyId.Hub.Uri);
    }

    [Fact]
    public void Seal_SameMessageTwice_EncryptsFreshEachTime()
    {
        var world = EnvelopeWorld.Create("FR", "DE");
        var message = world.Message(["DE"]);

        var first = world.Seal(message, "FR", "DE");
        var second = world.Seal(message, "FR", "DE");

        Assert.False(first.MessageId.Span.SequenceEqual(second.MessageId.Span));
        Assert.NotEqual(first.Header.KeyCommitment, second.Header.KeyCommitment);
        Assert.NotEqual(first.Header.ContentNonce, second.Header.ContentNonce);
    }

    [Fact]
    public void Seal_MessageId_IsAUuidV7CarryingTheCreationTime()
    {
        var world = EnvelopeWorld.Create("FR", "DE");
        var sealedEnvelope = world.Seal("FR", "DE");

        Assert.True(MessageIds.IsValid(sealedEnvelope.MessageId.Span));
        var millis = 0L;
        foreach (var b in sealedEnvelope.MessageId.Span[..6])
        {
            millis = (millis << 8) | b;
        }

        Assert.Equal(EnvelopeWorld.Start.ToUnixTimeMilliseconds(), millis);
        Assert.Equal(EnvelopeWorld.Start.ToUnixTimeMilliseconds(), sealedEnvelope.Header.CreatedAtMs);
    }
}
