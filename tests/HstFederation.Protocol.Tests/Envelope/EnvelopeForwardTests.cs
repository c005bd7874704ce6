using Google.Protobuf;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Envelope;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>ARCHITECTURE §3.3 and §5; THREATS row 10: only the hub widens the audience, only as handling allows.</summary>
public sealed class EnvelopeForwardTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE", "IT", "ES", "GB");

    private OpenedEnvelope SendToHub(HandlingCode code, Action<Handling>? edit = null)
    {
        var message = _world.Message(["DE", "IPSG"], code, edit);
        var sealedEnvelope = _world.Seal(message, "FR", "DE", "IPSG");
        return _world.Open(sealedEnvelope.Bytes, "IPSG").GetValueOrThrow();
    }

    [Fact]
    public void Forward_H0ToNewMember_NewMemberOpensAndSourceSignatureSurvives()
    {
        var atHub = SendToHub(HandlingCode.H0);

        var forwarded = _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("IT")).GetValueOrThrow();
        var atIt = _world.Open(forwarded.Bytes, "IT").GetValueOrThrow();

        Assert.Equal("urn:hst:member:FR", atIt.Verified.Header.Sender);
        Assert.Equal(atHub.Message, atIt.Message);
        var forward = Assert.Single(atIt.Verified.Forwards);
        Assert.Equal(PartyId.Hub, forward.Forwarder.Party);
        Assert.Equal("urn:hst:member:IT", Assert.Single(forward.Record.AddedRecipients).Party);
        Assert.True(_world.Open(forwarded.Bytes, "DE").IsSuccess);
    }

    [Fact]
    public void Forward_Twice_ChainsRecordsAndBothNewMembersOpen()
    {
        var atHub = SendToHub(HandlingCode.H0);
        var once = _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("IT")).GetValueOrThrow();
        var atHubAgain = _world.Open(once.Bytes, "IPSG").GetValueOrThrow();

        var twice = _world.Forwarder.Forward(atHubAgain, _world.Pki.Hub, _world.Keys("ES")).GetValueOrThrow();

        Assert.True(_world.Open(twice.Bytes, "IT").IsSuccess);
        Assert.Equal(2, _world.Open(twice.Bytes, "ES").GetValueOrThrow().Verified.Forwards.Count);
    }

    [Fact]
    public void Forward_ReorderedRecords_AreForwardInvalid()
    {
        var atHub = SendToHub(HandlingCode.H0);
        var once = _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("IT")).GetValueOrThrow();
        var twice = _world.Forwarder.Forward(_world.Open(once.Bytes, "IPSG").GetValueOrThrow(), _world.Pki.Hub, _world.Keys("ES")).GetValueOrThrow();

        var reordered = EnvelopeAttackTests.Mutate(twice.Bytes, e =>
        {
            var (first, second) = (e.Forwards[0], e.Forwards[1]);
            e.Forwards.Clear();
            e.Forwards.Add(second);
            e.Forwards.Add(first);
        });

        Assert.Equal(RejectionReason.ForwardInvalid, _world.Verifier.Verify(reordered).Reason);
    }

    [Fact]
    public void Forward_DroppedRecord_LeavesTheAddedMemberUnableToOpen()
    {
        var atHub = SendToHub(HandlingCode.H0);
        var forwarded = _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("IT")).GetValueOrThrow();

        var dropped = EnvelopeAttackTests.Mutate(forwarded.Bytes, e => e.Forwards.Clear());

        Assert.Equal(RejectionReason.NotARecipient, _world.Open(dropped, "IT").Reason);
    }

    [Fact]
    public void Forward_H3_IsNotPermitted()
    {
        var atHub = SendToHub(HandlingCode.H3);

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("IT")).Reason);
    }

    [Fact]
    public void Forward_H1OutsideTheAddressees_IsNotPermittedButInsideIs()
    {
        var atHub = SendToHub(HandlingCode.H1, h => h.Addressees.Regions.Add("EU-MED"));

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("GB")).Reason);
        Assert.True(_world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("IT")).IsSuccess);
    }

    [Fact]
    public void Forward_ExcludedMemberEvenUnderH0_IsNotPermitted()
    {
        var atHub = SendToHub(HandlingCode.H0, h => h.Addressees.ExcludedMembers.Add("GB"));

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("GB")).Reason);
    }

    [Fact]
    public void Forward_H2WithoutConsent_IsNotPermitted()
    {
        var atHub = SendToHub(HandlingCode.H2);

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("IT")).Reason);
    }

    [Fact]
    public void Forward_H2WithTheSourcesConsent_IsAcceptedAndTheConsentIsVisible()
    {
        var atHub = SendToHub(HandlingCode.H2);
        var header = atHub.Verified;
        var consent = ForwardConsents.Grant(header.MessageId.Span, header.HeaderSha256.Span, [PartyId.Member("IT")], _world.Party("FR"), _world.Time.GetUtcNow());

        var forwarded = _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("IT"), consent).GetValueOrThrow();
        var atIt = _world.Open(forwarded.Bytes, "IT").GetValueOrThrow();

        Assert.Equal("urn:hst:member:IT", Assert.Single(atIt.Verified.Forwards[0].Consent!.GrantedTo));
    }

    [Fact]
    public void Forward_H2WithConsentSignedBySomeoneElse_IsRefusedByTheForwarderAndTheReceiver()
    {
        var atHub = SendToHub(HandlingCode.H2);
        var v = atHub.Verified;
        var consent = ForwardConsents.Grant(v.MessageId.Span, v.HeaderSha256.Span, [PartyId.Member("IT")], _world.Party("DE"), _world.Time.GetUtcNow());

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("IT"), consent).Reason);
        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Open(Forged(atHub, "IT", consent: consent), "IT").Reason);
    }

    [Fact]
    public void Forward_H2ConsentForAnotherMessage_IsNotPermittedAtTheReceiver()
    {
        var atHub = SendToHub(HandlingCode.H2);
        var other = SendToHub(HandlingCode.H2).Verified;
        var consent = ForwardConsents.Grant(other.MessageId.Span, other.HeaderSha256.Span, [PartyId.Member("IT")], _world.Party("FR"), _world.Time.GetUtcNow());

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Open(Forged(atHub, "IT", consent: consent), "IT").Reason);
    }

    [Theory]
    [InlineData(HandlingCode.H3, "IT")]
    [InlineData(HandlingCode.H2, "IT")]
    [InlineData(HandlingCode.H1, "GB")]
    public void Forward_BeyondTheHandlingMadeByADishonestHub_IsNotPermittedAtTheReceiver(HandlingCode code, string added)
    {
        var atHub = SendToHub(code, h => h.Addressees.Regions.Add("EU-MED"));

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Open(Forged(atHub, added), added).Reason);
    }

    [Fact]
    public void Forward_ToAnExcludedMemberMadeByADishonestHub_IsNotPermittedAtTheReceiver()
    {
        var atHub = SendToHub(HandlingCode.H0, h => h.Addressees.ExcludedMembers.Add("GB"));

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Open(Forged(atHub, "GB"), "GB").Reason);
    }

    [Fact]
    public void Forward_AddingAMemberThatAlreadyHolds_IsForwardInvalidAtTheReceiver()
    {
        var atHub = SendToHub(HandlingCode.H0);

        Assert.Equal(RejectionReason.ForwardInvalid, _world.Open(Forged(atHub, "DE"), "DE").Reason);
    }

    [Fact]
    public void Forward_AddedRecipientCarryingASequence_IsForwardInvalid()
    {
        var atHub = SendToHub(HandlingCode.H0);

        var forged = ForwardForge.Append(atHub, _world.Pki.Hub, _world.Keys("IT"), _world.Time.GetUtcNow(), SystemRandomSource.Instance, addedSequence: 1);

        var result = _world.Open(forged, "IT");
        Assert.Equal(RejectionReason.ForwardInvalid, result.Reason);
        Assert.Contains("only the source numbers its recipients", result.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_SignedByAHubThatIsNotARecipient_IsNotPermittedAtTheReceiver()
    {
        var atDe = _world.Open(_world.Seal("FR", "DE").Bytes, "DE").GetValueOrThrow();

        var forged = ForwardForge.Append(atDe, _world.Pki.Hub, _world.Keys("IT"), _world.Time.GetUtcNow(), SystemRandomSource.Instance);

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Open(forged, "IT").Reason);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    public void Forward_TimestampBeforeCreationOrInTheFuture_IsForwardInvalid(int minutes)
    {
        var atHub = SendToHub(HandlingCode.H0);
        var at = _world.Time.GetUtcNow().AddMinutes(minutes);

        var forged = ForwardForge.Append(atHub, _world.Pki.Hub, _world.Keys("IT"), at, SystemRandomSource.Instance);

        Assert.Equal(RejectionReason.ForwardInvalid, _world.Open(forged, "IT").Reason);
    }

    [Fact]
    public void Forward_WrappingAnotherKeyForTheAddedMember_IsKeyCommitmentMismatch()
    {
        var atHub = SendToHub(HandlingCode.H0);

        var forged = ForwardForge.Append(atHub, _world.Pki.Hub, _world.Keys("IT"), _world.Time.GetUtcNow(), SystemRandomSource.Instance, contentKey: new byte[32]);

        Assert.Equal(RejectionReason.KeyCommitmentMismatch, _world.Open(forged, "IT").Reason);
        Assert.True(_world.Open(forged, "DE").IsSuccess);
    }

    [Fact]
    public void Forward_WithTheForwardSignatureStripped_IsForwardInvalid()
    {
        var atHub = SendToHub(HandlingCode.H0);
        var forwarded = _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("IT")).GetValueOrThrow();

        var stripped = EnvelopeAttackTests.Mutate(forwarded.Bytes, e => e.Forwards[0].Signature = ByteString.Empty);

        Assert.Equal(RejectionReason.ForwardInvalid, _world.Open(stripped, "IT").Reason);
    }

    private byte[] Forged(OpenedEnvelope atHub, string added, SignedConsent? consent = null) =>
        ForwardForge.Append(atHub, _world.Pki.Hub, _world.Keys(added), _world.Time.GetUtcNow(), SystemRandomSource.Instance, consent);

    [Fact]
    public void Forward_H2ConsentForOtherMember_IsNotPermitted()
    {
        var atHub = SendToHub(HandlingCode.H2);
        var v = atHub.Verified;
        var consent = ForwardConsents.Grant(v.MessageId.Span, v.HeaderSha256.Span, [PartyId.Member("ES")], _world.Party("FR"), _world.Time.GetUtcNow());

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("IT"), consent).Reason);
    }

    [Fact]
    public void Forward_RecordSignedByAMemberNotTheHub_IsNotPermittedAtTheReceiver()
    {
        var atHub = SendToHub(HandlingCode.H0);
        var forwarded = _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("IT")).GetValueOrThrow();

        // DE (a holder) re-signs the hub's record as if it were its own.
        var forged = EnvelopeAttackTests.Mutate(forwarded.Bytes, e =>
        {
            var record = ForwardRecord.Parser.ParseFrom(e.Forwards[0].Record);
            record.Forwarder = "urn:hst:member:DE";
            record.ForwarderKeyId = ByteString.CopyFrom(_world.Party("DE").Signing.KeyId.Span);
            var bytes = record.ToByteArray();
            e.Forwards[0] = new SignedForward
            {
                Record = ByteString.CopyFrom(bytes),
                Signature = ByteString.CopyFrom(Protocol.Crypto.Signatures.Sign(_world.Party("DE").SigningKeyPair, Protocol.Crypto.Signatures.ForwardRecordLabel, bytes)),
                ForwarderCertificate = ByteString.CopyFrom(_world.Party("DE").Signing.CertificateDer.Span),
            };
        });

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Open(forged, "IT").Reason);
    }

    [Fact]
    public void Forward_HubThatIsNotARecipient_CannotForward()
    {
        var direct = _world.Seal("FR", "DE");
        var atDe = _world.Open(direct.Bytes, "DE").GetValueOrThrow();

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Forwarder.Forward(atDe, _world.Pki.Hub, _world.Keys("IT")).Reason);
    }

    [Fact]
    public void Forward_MemberAlreadyHolding_IsRefused()
    {
        var atHub = SendToHub(HandlingCode.H0);

        Assert.Equal(RejectionReason.ForwardInvalid, _world.Forwarder.Forward(atHub, _world.Pki.Hub, _world.Keys("DE")).Reason);
    }
}
