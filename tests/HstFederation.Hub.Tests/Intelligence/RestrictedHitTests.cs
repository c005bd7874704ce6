using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Lifecycle;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Intelligence;

/// <summary>
/// Hit notifications follow the handling in force, not only the signed header's (docs/intelligence.md §3): a member a
/// restriction excluded is not tipped off that the message exists — neither by a hit found after the restriction nor
/// by a notification queued before it — and a copy a restriction took away is not reported as readable.
/// </summary>
public sealed class RestrictedHitTests : IntelligenceHubTests
{
    private Task<long> SubmitFrAsync(HandlingCode code = HandlingCode.H0) =>
        Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", code), ["IPSG", "IT"]);

    private Task<long> SubmitDeAsync(string reference = "DE-1") =>
        Messages.SubmitAsync("DE", IntelMessages.AboutPerson(reference, "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);

    private async Task RestrictAsync(long message, Action<RestrictionOrder> terms)
    {
        var restriction = new RestrictionOrder();
        terms(restriction);
        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[message], "FR", o => o.Restriction = restriction), "FR"));
    }

    [Fact]
    public async Task Restriction_ExcludingAMemberBeforeItsMatchingMessage_ThatMemberIsNotToldOfTheHit_TheSourceIs()
    {
        // FR's report was sent without exclusions (the hub may read it), then restricted to exclude DE.
        var fr = await SubmitFrAsync();
        await RestrictAsync(fr, r => r.ExcludeMembers.Add("DE"));

        var de = await SubmitDeAsync();
        await Messages.ProcessedAsync(de);

        var atFr = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));
        Assert.Equal("urn:hst:member:DE", atFr.OtherMessage.Sender);
        Assert.Empty(await HubInbox.EnvelopesAsync(Hub, "DE"));
        Assert.Equal(1L, HubInbox.Count(Hub, "SELECT count(*) FROM hits"));
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM hit_notifications WHERE recipient = 'urn:hst:member:DE'"));
    }

    [Fact]
    public async Task Restriction_ToH3BeforeAHit_TheSourceIsToldItsMessageIsNotReleasable()
    {
        // Sent H0 (the hub may forward it on a release), then restricted to H3: no release may take it anywhere.
        var fr = await SubmitFrAsync();
        await RestrictAsync(fr, r => r.Code = HandlingCode.H3);

        var de = await SubmitDeAsync();
        await Messages.ProcessedAsync(de);

        var atFr = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));
        Assert.False(atFr.Releasable);
        Assert.True(Assert.Single(await HubInbox.NotificationsAsync(Hub, "DE", 1)).Releasable);
    }

    [Fact]
    public async Task Restriction_ExcludingAMemberWhoseNotificationIsStillQueued_WithdrawsIt_TheSourcesOwnStays()
    {
        var fr = await SubmitFrAsync();
        var de = await SubmitDeAsync();
        await Messages.ProcessedAsync(de);
        var queued = Assert.Single(await HubInbox.EnvelopesAsync(Hub, "DE"));

        await RestrictAsync(fr, r => r.ExcludeMembers.Add("DE"));

        // DE's stream no longer carries it (DE holds nothing of FR's, so no order reaches it either), only the hub's
        // notice that it was withdrawn, which does not name FR's message (Lifecycle/HubWithdrawalTests).
        Assert.DoesNotContain(await HubInbox.EnvelopesAsync(Hub, "DE"), d => d.HubSequence == queued.HubSequence);
        Assert.Null(Assert.Single(Assert.Single(await HubInbox.WithdrawalsAsync(Hub, "DE")).Notice.Withdrawn).BecauseOf);
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM deliveries WHERE cursor = {queued.Cursor} AND withdrawn_at_ms IS NOT NULL"));
        var atFr = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));
        Assert.Equal("urn:hst:member:DE", atFr.OtherMessage.Sender);
    }

    [Fact]
    public async Task Restriction_ThatTookAForwardedCopyAway_TheNextHitDoesNotCallTheMessageReadableToItsFormerHolder()
    {
        // FR releases its H0 report to DE on a first hit, then restricts it to H1 (addressed to IT alone): DE's
        // forwarded copy must go. DE's next message on the same person is a second hit with FR's report.
        var fr = await SubmitFrAsync();
        var first = await SubmitDeAsync();
        await Messages.ProcessedAsync(first);
        var hit = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));
        var consent = ForwardConsents.Grant(Messages.Sealed[fr], [PartyId.Member("DE")], Hub.Credentials("FR"), DateTimeOffset.UtcNow);
        await Hub.Client("FR").ReleaseAsync(new ReleaseRequest { HitId = hit.HitId, Consent = consent });
        await RestrictAsync(fr, r => r.Code = HandlingCode.H1);

        var second = await SubmitDeAsync("DE-2");
        await Messages.ProcessedAsync(second);

        // DE's stream also carries the restriction's order (it held a copy): its hub envelopes are opened from the store.
        var atDe = (await HubInbox.EnvelopesAsync(Hub, "DE"))
            .Select(d => Inbox.OpenContent(Hub, d.ToDelivery(), "DE"))
            .Where(opened => opened.Verified.SenderParty.IsHub)
            .Select(opened => opened.Parse(HitNotification.Parser).GetValueOrThrow())
            .Single(n => n.YourMessage.MessageId == Messages.Sealed[second].Header.MessageId);
        Assert.Equal("urn:hst:member:FR", atDe.OtherMessage.Sender);
        Assert.False(atDe.OtherMessageReadable);
    }
}
