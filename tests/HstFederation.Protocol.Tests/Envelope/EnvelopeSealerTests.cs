using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Protocol.Tests.Envelope;

public sealed class EnvelopeSealerTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE", "IT", "GB");

    [Fact]
    public void Seal_RecipientSequences_EachRecipientEntryCarriesItsOwnCount_TheHubTheSendersSequence()
    {
        var message = _world.Message(["DE", "IT"], edit: h => h.HubMayRead = true);
        var sequences = new Dictionary<string, ulong> { [PartyId.Member("DE").Uri] = 7, [PartyId.Member("IT").Uri] = 2 };

        var sealedEnvelope = _world.Sealer.Seal(
            message, _world.Party("FR"), _world.Keys("DE", "IT", PartyId.HubCode), new SealOptions { Sequence = 9, RecipientSequences = sequences });

        var numbers = sealedEnvelope.Header.Recipients.ToDictionary(r => r.Party, r => r.Sequence);
        Assert.Equal(7UL, numbers[PartyId.Member("DE").Uri]);
        Assert.Equal(2UL, numbers[PartyId.Member("IT").Uri]);
        Assert.Equal(9UL, numbers[PartyId.Hub.Uri]);
        Assert.True(_world.Open(sealedEnvelope.Bytes, "IT").IsSuccess);
    }

    [Fact]
    public void Seal_RecipientSequencesWithoutAMemberRecipient_OrWithZero_Throws()
    {
        var message = _world.Message(["DE", "IT"]);
        var options = (Dictionary<string, ulong> map) => new SealOptions { Sequence = 3, RecipientSequences = map };

        var missing = Assert.Throws<ArgumentException>(() => _world.Sealer.Seal(
            message, _world.Party("FR"), _world.Keys("DE", "IT"), options(new() { [PartyId.Member("DE").Uri] = 1 })));
        var zero = Assert.Throws<ArgumentException>(() => _world.Sealer.Seal(
            message, _world.Party("FR"), _world.Keys("DE", "IT"), options(new() { [PartyId.Member("DE").Uri] = 1, [PartyId.Member("IT").Uri] = 0 })));

        Assert.Contains("no entry for urn:hst:member:IT", missing.Message, StringComparison.Ordinal);
        Assert.Contains("sequences start at 1", zero.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_RecipientNotAddressed_Throws()
    {
        var message = _world.Message(["DE"]);

        var error = Assert.Throws<ArgumentException>(() => _world.Seal(message, "FR", "DE", "IT"));

        Assert.Contains("urn:hst:member:IT is not among the addressees", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_ExcludedMemberInRegion_Throws()
    {
        var message = _world.Message([], edit: h =>
        {
            h.Addressees.Regions.Add("EU-MED");
            h.Addressees.ExcludedMembers.Add("IT");
        });

        var error = Assert.Throws<ArgumentException>(() => _world.Seal(message, "FR", "IT"));

        Assert.Contains("excluded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_RegionMember_IsAllowed()
    {
        var message = _world.Message([], edit: h => h.Addressees.Regions.Add("EU-MED"));

        var sealedEnvelope = _world.Seal(message, "FR", "IT");

        Assert.True(_world.Open(sealedEnvelope.Bytes, "IT").IsSuccess);
    }

    [Fact]
    public void Seal_HubMayReadButHubMissing_Throws()
    {
        var message = _world.Message(["DE"], edit: h => h.HubMayRead = true);

        Assert.Throws<ArgumentException>(() => _world.Seal(message, "FR", "DE"));
    }

    [Fact]
    public void Seal_HubListedButMayNotRead_Throws()
    {
        var message = _world.Message(["DE"]);

        Assert.Throws<ArgumentException>(() => _world.Seal(message, "FR", "DE", PartyId.HubCode));
    }

    [Fact]
    public void Seal_InvalidMessage_ThrowsWithFieldPath()
    {
        var message = _world.Message(["DE"]);
        message.Case.Reference = string.Empty;

        var error = Assert.Throws<ArgumentException>(() => _world.Seal(message, "FR", "DE"));

        Assert.Contains("case.reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_SigningKeyPassedAsRecipient_Throws()
    {
        var message = _world.Message(["DE"]);

        Assert.Throws<ArgumentException>(() => _world.Sealer.Seal(message, _world.Party("FR"), [_world.Party("DE").Signing], new SealOptions { Sequence = 1 }));
    }

    [Fact]
    public void Seal_SequenceZero_Throws()
    {
        var message = _world.Message(["DE"]);

        Assert.Throws<ArgumentException>(() => _world.Sealer.Seal(message, _world.Party("FR"), _world.Keys("DE"), new SealOptions { Sequence = 0 }));
    }

    [Fact]
    public void Seal_HeaderCarriesHandlingSequenceAndExpiry()
    {
        var message = _world.Message(["DE"], HandlingCode.H2);

        var sealedEnvelope = _world.Sealer.Seal(message, _world.Party("FR"), _world.Keys("DE"), new SealOptions { Sequence = 42, Lifetime = TimeSpan.FromDays(7) });

        var verified = _world.Verifier.Verify(sealedEnvelope.Bytes).GetValueOrThrow();
        Assert.Equal(42UL, verified.Header.Sequence);
        Assert.Equal(HandlingCode.H2, verified.Header.Handling.Code);
        Assert.Equal(EnvelopeWorld.Start.AddDays(7).ToUnixTimeMilliseconds(), verified.Header.ExpiresAtMs);
    }

    [Fact]
    public void Seal_WithAGivenMessageId_KeepsItAndStillOpens()
    {
        var id = MessageIds.NewId(EnvelopeWorld.Start.AddDays(-1), Protocol.Crypto.SystemRandomSource.Instance);

        var sealedEnvelope = _world.Sealer.Seal(_world.Message(["DE"]), _world.Party("FR"), _world.Keys("DE"), new SealOptions { Sequence = 1, MessageId = id });

        Assert.Equal(id, sealedEnvelope.MessageId.ToArray());
        Assert.Equal(EnvelopeWorld.Start.ToUnixTimeMilliseconds(), sealedEnvelope.Header.CreatedAtMs);
        Assert.True(_world.Open(sealedEnvelope.Bytes, "DE").IsSuccess);
    }

    [Fact]
    public void Seal_WithAGivenIdThatIsNotAUuidV7_Throws()
    {
        Assert.Throws<ArgumentException>(() => _world.Sealer.Seal(_world.Message(["DE"]), _world.Party("FR"), _world.Keys("DE"), new SealOptions { Sequence = 1, MessageId = new byte[16] }));
    }
}
