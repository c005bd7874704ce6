using Google.Protobuf;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Crypto;
using HstFederation.Testing.Envelope;

namespace HstFederation.Protocol.Tests.Envelope;

/// <summary>docs/protocol.md §4 content_type: the hub's own products travel as envelopes only the hub may sign.</summary>
public sealed class HubContentTests
{
    private readonly EnvelopeWorld _world = EnvelopeWorld.Create("FR", "DE");

    private static HitNotification Notification() => new()
    {
        HitId = ByteString.CopyFrom(new byte[16]),
        Basis = HitBasis.HubIndex,
        YourMessage = new MessageReference { Sender = "urn:hst:member:FR", MessageId = ByteString.CopyFrom(new byte[16]) },
        Score = 1,
    };

    private static Handling HubHandling(string member) => new()
    {
        Code = HandlingCode.H3,
        HubMayRead = true,
        Addressees = new Addressees { Members = { member } },
    };

    private SealedEnvelope SealFromHub(IMessage content, string to = "FR") =>
        _world.Sealer.SealContent(content, HubHandling(to), _world.Pki.Hub, _world.Keys(to, PartyId.HubCode), new SealOptions { Sequence = 1 });

    [Fact]
    public void SealContent_HitNotificationFromTheHub_MemberOpensAndParsesIt()
    {
        var sealedEnvelope = SealFromHub(Notification());

        var opened = _world.Opener.OpenContent(sealedEnvelope.Bytes, _world.Party("FR")).GetValueOrThrow();

        Assert.Equal(ProtocolVersions.HitNotificationContentType, opened.ContentType);
        Assert.Equal(PartyId.Hub, opened.Verified.SenderParty);
        Assert.Equal(Notification(), opened.Parse(HitNotification.Parser).GetValueOrThrow());
    }

    [Fact]
    public void Parse_AsAnotherContentType_IsMalformedContent()
    {
        var opened = _world.Opener.OpenContent(SealFromHub(Notification()).Bytes, _world.Party("FR")).GetValueOrThrow();

        Assert.Equal(RejectionReason.MalformedContent, opened.Parse(AnalyticalProduct.Parser).Reason);
    }

    [Fact]
    public void Open_HubContentAsAnHstMessage_IsMalformedContentNotAMisreadMessage()
    {
        var result = _world.Open(SealFromHub(Notification()).Bytes, "FR");

        Assert.Equal(RejectionReason.MalformedContent, result.Reason);
        Assert.Contains("OpenContent", result.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenContent_ByAMemberThatIsNotARecipient_IsNotARecipient()
    {
        Assert.Equal(RejectionReason.NotARecipient, _world.Opener.OpenContent(SealFromHub(Notification()).Bytes, _world.Party("DE")).Reason);
    }

    [Fact]
    public void SealContent_ByAMember_IsRefused()
    {
        Assert.Throws<ArgumentException>("content", () =>
            _world.Sealer.SealContent(Notification(), HubHandling("DE"), _world.Party("FR"), _world.Keys("DE", PartyId.HubCode), new SealOptions { Sequence = 1 }));
    }

    [Fact]
    public void SealContent_AnHstMessage_IsRefusedBecauseItSkipsValidation()
    {
        var message = _world.Message(["FR", PartyId.HubCode]);

        Assert.Throws<ArgumentException>("content", () =>
            _world.Sealer.SealContent(message, message.Handling, _world.Pki.Hub, _world.Keys("FR", PartyId.HubCode), new SealOptions { Sequence = 1 }));
    }

    [Fact]
    public void Verify_MemberSignedEnvelopeClaimingToBeAHitNotification_IsMalformedHeader()
    {
        var forged = new EnvelopeForge(new DeterministicRandomSource("member-notification"))
        {
            Message = _world.Message(["DE", PartyId.HubCode]),
            Signer = _world.Party("FR"),
            Recipients = _world.Keys("DE", PartyId.HubCode),
            CreatedAt = _world.Time.GetUtcNow(),
            MutateHeader = header => header.ContentType = ProtocolVersions.HitNotificationContentType,
        }.Build();

        var result = _world.Verifier.Verify(forged);

        Assert.Equal(RejectionReason.MalformedHeader, result.Reason);
        Assert.Contains("content_type", result.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_MemberSignedEnvelopeClaimingToBeAnExpiryReport_IsMalformedHeader()
    {
        // A member cannot tell a source, in the hub's name, that its message expired undelivered.
        var forged = new EnvelopeForge(new DeterministicRandomSource("member-expiry-report"))
        {
            Message = _world.Message(["DE", PartyId.HubCode]),
            Signer = _world.Party("FR"),
            Recipients = _world.Keys("DE", PartyId.HubCode),
            CreatedAt = _world.Time.GetUtcNow(),
            MutateHeader = header => header.ContentType = ProtocolVersions.ExpiryReportContentType,
        }.Build();

        var result = _world.Verifier.Verify(forged);

        Assert.Equal(RejectionReason.MalformedHeader, result.Reason);
        Assert.Contains("content_type", result.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SealContent_HubWithdrawalFromTheHub_MemberOpensAndParsesIt()
    {
        var withdrawal = new HubWithdrawal
        {
            Withdrawn =
            {
                new WithdrawnHubMessage
                {
                    MessageId = ByteString.CopyFrom(new byte[16]), RecipientSequence = 3, HeaderSha256 = ByteString.CopyFrom(new byte[32]),
                    ContentType = ProtocolVersions.HitNotificationContentType, Cause = WithdrawalCause.Recalled,
                    BecauseOf = new MessageReference { Sender = "urn:hst:member:DE", MessageId = ByteString.CopyFrom(new byte[16]) },
                },
            },
        };

        var opened = _world.Opener.OpenContent(SealFromHub(withdrawal).Bytes, _world.Party("FR")).GetValueOrThrow();

        Assert.Equal(ProtocolVersions.HubWithdrawalContentType, opened.ContentType);
        Assert.Equal(withdrawal, opened.Parse(HubWithdrawal.Parser).GetValueOrThrow());
    }

    [Fact]
    public void Verify_MemberSignedEnvelopeClaimingToBeAHubWithdrawal_IsMalformedHeader()
    {
        // A member cannot make another purge the hub's messages in the hub's name.
        var forged = new EnvelopeForge(new DeterministicRandomSource("member-withdrawal"))
        {
            Message = _world.Message(["DE", PartyId.HubCode]),
            Signer = _world.Party("FR"),
            Recipients = _world.Keys("DE", PartyId.HubCode),
            CreatedAt = _world.Time.GetUtcNow(),
            MutateHeader = header => header.ContentType = ProtocolVersions.HubWithdrawalContentType,
        }.Build();

        var result = _world.Verifier.Verify(forged);

        Assert.Equal(RejectionReason.MalformedHeader, result.Reason);
        Assert.Contains("content_type", result.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UnknownContentTypeEvenFromTheHub_IsMalformedHeader()
    {
        var forged = new EnvelopeForge(new DeterministicRandomSource("hub-unknown"))
        {
            Message = _world.Message(["FR", PartyId.HubCode]),
            Signer = _world.Pki.Hub,
            Recipients = _world.Keys("FR", PartyId.HubCode),
            CreatedAt = _world.Time.GetUtcNow(),
            MutateHeader = header => header.ContentType = "hst.v1.Something",
        }.Build();

        Assert.Equal(RejectionReason.MalformedHeader, _world.Verifier.Verify(forged).Reason);
    }

    [Fact]
    public void VerifyConsent_TheSourcesConsentForThisHeader_GrantsItsParties()
    {
        var sent = _world.Seal("FR", "DE", PartyId.HubCode);
        var verified = _world.Verifier.Verify(sent.Bytes).GetValueOrThrow();
        var consent = ForwardConsents.Grant(sent, [PartyId.Member("DE")], _world.Party("FR"), _world.Time.GetUtcNow());

        var granted = _world.Verifier.VerifyConsent(consent, verified, _world.Time.GetUtcNow()).GetValueOrThrow();

        Assert.Equal(["urn:hst:member:DE"], granted.GrantedTo);
    }

    [Fact]
    public void VerifyConsent_SignedByAnotherMember_IsForwardNotPermitted()
    {
        var sent = _world.Seal("FR", "DE", PartyId.HubCode);
        var verified = _world.Verifier.Verify(sent.Bytes).GetValueOrThrow();
        var consent = ForwardConsents.Grant(sent, [PartyId.Member("DE")], _world.Party("DE"), _world.Time.GetUtcNow());

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Verifier.VerifyConsent(consent, verified, _world.Time.GetUtcNow()).Reason);
    }

    [Fact]
    public void VerifyConsent_GrantedAfterTheForward_IsForwardNotPermitted()
    {
        var sent = _world.Seal("FR", "DE", PartyId.HubCode);
        var verified = _world.Verifier.Verify(sent.Bytes).GetValueOrThrow();
        var consent = ForwardConsents.Grant(sent, [PartyId.Member("DE")], _world.Party("FR"), _world.Time.GetUtcNow().AddMinutes(1));

        Assert.Equal(RejectionReason.ForwardNotPermitted, _world.Verifier.VerifyConsent(consent, verified, _world.Time.GetUtcNow()).Reason);
    }
}
