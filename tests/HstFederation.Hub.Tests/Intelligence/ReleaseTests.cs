using Grpc.Core;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Intelligence;

/// <summary>
/// Hub.Release over real mutual TLS (docs/intelligence.md §4): the source's consent, the handling (H2, H3, H1,
/// exclusions), who may release, idempotency, and the other source verifying the forward and opening the content.
/// </summary>
public sealed class ReleaseTests : IntelligenceHubTests
{

    /// <summary>FR reports (handled as <paramref name="code"/>, to the hub and IT), then DE reports the same person to the hub alone.</summary>
    private async Task<(long Fr, HitNotification AtFr)> HitAsync(HandlingCode code, string[]? addressed = null, string[]? excluded = null)
    {
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", code), ["IPSG", "IT"], addressed, excluded: excluded);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        return (fr, Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1)));
    }

    private SignedConsent Consent(long hubSequence, string by, params string[] grantedTo) =>
        ConsentAt(DateTimeOffset.UtcNow, hubSequence, by, grantedTo);

    private SignedConsent ConsentAt(DateTimeOffset at, long hubSequence, string by, params string[] grantedTo) =>
        ForwardConsents.Grant(Messages.Sealed[hubSequence], grantedTo.Select(PartyId.Member), Hub.Credentials(by), at);

    private Task<ReleaseResponse> ReleaseAsync(string caller, HitNotification hit, SignedConsent? consent) =>
        Hub.Client(caller).ReleaseAsync(new ReleaseRequest { HitId = hit.HitId, Consent = consent }).ResponseAsync;

    private async Task<RejectionDetail> RefusedAsync(string caller, HitNotification hit, SignedConsent? consent, StatusCode status)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => ReleaseAsync(caller, hit, consent));
        Assert.Equal(status, error.StatusCode);
        return RejectionTrailer.Read(error)!;
    }

    [Fact]
    public async Task Release_H2WithTheSourcesConsent_OtherSourceVerifiesTheForwardAndOpensTheContent()
    {
        var (fr, hit) = await HitAsync(HandlingCode.H2);
        Assert.True(hit.Releasable);

        var response = await ReleaseAsync("FR", hit, Consent(fr, "FR", "DE"));

        Assert.Equal("urn:hst:member:DE", response.ReleasedTo);
        Assert.False(response.Duplicate);
        var forwarded = (await HubInbox.EnvelopesAsync(Hub, "DE")).Single(d => !Inbox.OpenContent(Hub, d.ToDelivery(), "DE").Verified.SenderParty.IsHub);
        var opened = Envelopes.Opener(Hub).Open(forwarded.Payload, Hub.Credentials("DE")).GetValueOrThrow();
        Assert.Equal("urn:hst:member:FR", opened.Verified.Header.Sender);
        Assert.Equal("FR-1", opened.Message.Case.Reference);
        var forward = Assert.Single(opened.Verified.Forwards);
        Assert.True(forward.Forwarder.Party.IsHub);
        Assert.Equal(["urn:hst:member:DE"], forward.Consent!.GrantedTo);
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = '{AuditActions.Forward}'"));

        // The normal delivery path: DE acknowledges with its receipt, which the hub relays to the source.
        await DeliveryReceipts.AcknowledgeAsync(Hub, "DE", forwarded.ToDelivery(), opened.Verified);
        var relayed = Assert.Single(await Inbox.ReceiveAsync(Hub, "FR", 2), d => d.DeliveryReceiptBatch is not null);
        Assert.Equal("urn:hst:member:DE", Protocol.V1.DeliveryReceipt.Parser.ParseFrom(Assert.Single(relayed.DeliveryReceiptBatch.Receipts).Statement).Recipient);
    }

    [Fact]
    public async Task Release_SourceClockAheadWithinTheTolerance_IsForwardedAndStampedNoEarlierThanTheConsent()
    {
        var (fr, hit) = await HitAsync(HandlingCode.H2);
        var grantedAt = DateTimeOffset.UtcNow.AddMinutes(2); // FR's clock runs two minutes ahead of the hub's

        await ReleaseAsync("FR", hit, ConsentAt(grantedAt, fr, "FR", "DE"));

        var forwarded = (await HubInbox.EnvelopesAsync(Hub, "DE")).Single(d => !Inbox.OpenContent(Hub, d.ToDelivery(), "DE").Verified.SenderParty.IsHub);
        var forward = Assert.Single(Envelopes.Opener(Hub).Open(forwarded.Payload, Hub.Credentials("DE")).GetValueOrThrow().Verified.Forwards);
        Assert.True(forward.Record.ForwardedAtMs >= grantedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Release_SourceClockAheadBeyondTheTolerance_IsConsentInvalid()
    {
        var (fr, hit) = await HitAsync(HandlingCode.H2);

        var refused = await RefusedAsync("FR", hit, ConsentAt(DateTimeOffset.UtcNow.AddMinutes(10), fr, "FR", "DE"), StatusCode.InvalidArgument);

        Assert.Equal(RejectionReason.ConsentInvalid, refused.Reason);
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM forwards"));
    }

    [Fact]
    public async Task Release_Twice_SecondIsTheSameAnswerMarkedDuplicateAndNothingIsForwardedAgain()
    {
        var (fr, hit) = await HitAsync(HandlingCode.H2);

        var first = await ReleaseAsync("FR", hit, Consent(fr, "FR", "DE"));
        var second = await ReleaseAsync("FR", hit, Consent(fr, "FR", "DE"));

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(first.ReleasedTo, second.ReleasedTo);
        Assert.True(second.Duplicate);
        Assert.Equal(1L, HubInbox.Count(Hub, "SELECT count(*) FROM forwards"));
        Assert.Equal(1L, HubInbox.Count(Hub, "SELECT count(*) FROM deliveries WHERE forward_id IS NOT NULL"));
    }

    [Fact]
    public async Task Release_WithoutConsent_IsConsentInvalidAndAudited()
    {
        var (_, hit) = await HitAsync(HandlingCode.H2);

        var refused = await RefusedAsync("FR", hit, null, StatusCode.InvalidArgument);

        Assert.Equal(RejectionReason.ConsentInvalid, refused.Reason);
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = 'reject' AND detail = '{RejectionReason.ConsentInvalid}'"));
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM forwards"));
    }

    [Theory]
    [InlineData("FR", "IT")] // granted to a party that is not the hit's other source
    [InlineData("DE", "DE")] // signed by someone else than the source
    public async Task Release_WithABadConsent_IsConsentInvalid(string signer, string grantedTo)
    {
        var (fr, hit) = await HitAsync(HandlingCode.H2);

        var refused = await RefusedAsync("FR", hit, Consent(fr, signer, grantedTo), StatusCode.InvalidArgument);

        Assert.Equal(RejectionReason.ConsentInvalid, refused.Reason);
    }

    [Fact]
    public async Task Release_ConsentForAnotherMessage_IsConsentInvalid()
    {
        var other = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-0", "NOBODY", "Else", "+33 6 12 34 56 78"), ["IPSG"]);
        var (_, hit) = await HitAsync(HandlingCode.H2);

        var refused = await RefusedAsync("FR", hit, Consent(other, "FR", "DE"), StatusCode.InvalidArgument);

        Assert.Equal(RejectionReason.ConsentInvalid, refused.Reason);
    }

    [Theory]
    [InlineData(HandlingCode.H3, null)] // no onward dissemination at all
    [InlineData(HandlingCode.H0, "DE")] // DE excluded by the source
    [InlineData(HandlingCode.H1, null)] // DE not among the addressees
    public async Task Release_TheHandlingForbids_IsForwardNotPermittedAndTheNotificationSaidSo(HandlingCode code, string? excluded)
    {
        var (fr, hit) = await HitAsync(code, excluded: excluded is null ? null : [excluded]);
        Assert.False(hit.Releasable);

        var refused = await RefusedAsync("FR", hit, Consent(fr, "FR", "DE"), StatusCode.PermissionDenied);

        Assert.Equal(RejectionReason.ForwardNotPermitted, refused.Reason);
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM forwards"));
    }

    [Fact]
    public async Task Release_H1WithinTheAddressees_Succeeds()
    {
        var (fr, hit) = await HitAsync(HandlingCode.H1, addressed: ["IT", "DE"]);
        Assert.True(hit.Releasable);

        Assert.False((await ReleaseAsync("FR", hit, Consent(fr, "FR", "DE"))).Duplicate);
    }

    [Fact]
    public async Task Release_ByAMemberThatIsNeitherSource_IsHitUnknownToIt()
    {
        var (fr, hit) = await HitAsync(HandlingCode.H2);

        // IT even holds FR's message (a recipient), but was not told of the hit: to it, the hit does not exist.
        var refused = await RefusedAsync("IT", hit, Consent(fr, "FR", "DE"), StatusCode.NotFound);

        Assert.Equal(RejectionReason.HitUnknown, refused.Reason);
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM forwards"));
    }

    [Fact]
    public async Task Release_ByTheOtherSource_ReleasesOnlyItsOwnMessage()
    {
        var (_, hit) = await HitAsync(HandlingCode.H2);
        var atDe = Assert.Single(await HubInbox.NotificationsAsync(Hub, "DE", 1));

        // DE's consent over FR's header is not DE's to give; over its own, it releases its own message to FR.
        var refused = await RefusedAsync("DE", atDe, Consent(Messages.Sealed.Keys.Min(), "DE", "FR"), StatusCode.InvalidArgument);
        var released = await ReleaseAsync("DE", atDe, Consent(Messages.Sealed.Keys.Max(), "DE", "FR"));

        Assert.Equal(RejectionReason.ConsentInvalid, refused.Reason);
        Assert.Equal(atDe.YourMessage.MessageId, released.MessageId);
        Assert.Equal("urn:hst:member:FR", released.ReleasedTo);
        Assert.Equal(hit.HitId, atDe.HitId);
    }

    [Fact]
    public async Task Release_UnknownHit_IsHitUnknownNotFound()
    {
        var (fr, hit) = await HitAsync(HandlingCode.H2);
        var unknown = hit.Clone();
        unknown.HitId = Google.Protobuf.ByteString.CopyFrom(new byte[16]);

        var refused = await RefusedAsync("FR", unknown, Consent(fr, "FR", "DE"), StatusCode.NotFound);

        Assert.Equal(RejectionReason.HitUnknown, refused.Reason);
    }
}
