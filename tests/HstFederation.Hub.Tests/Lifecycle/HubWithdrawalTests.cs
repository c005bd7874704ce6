using HstFederation.Hub.Audit;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Lifecycle;

/// <summary>
/// When the hub withdraws the delivery of one of its own hit notifications, the member it was for is told (docs/intelligence.md,
/// Withdrawals): one hub-signed HubWithdrawal, queued in the withdrawal's transaction, naming the notification by id, its
/// Recipient.sequence to that member and its header hash, acknowledged before or never streamed. A real hub (mutual TLS,
/// SQLite file); each member opens its notice with its own key, as its node does.
/// </summary>
public sealed class HubWithdrawalTests : IntelligenceHubTests
{
    /// <summary>FR's report to the hub and IT, then DE's on the same person: one hit, one notification to each.</summary>
    private async Task<(long Fr, long De)> HitAsync()
    {
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), ["IPSG", "IT"]);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        return (fr, de);
    }

    /// <summary>The member's hit notification as its node opens it from the stream (before any withdrawal).</summary>
    private async Task<(Delivery Delivery, VerifiedEnvelope Envelope)> NotificationAtAsync(string member)
    {
        var delivery = Assert.Single(await Inbox.ReceiveEnvelopesAsync(Hub, member, 1));
        var opened = Inbox.OpenContent(Hub, delivery, member);
        Assert.Equal(ProtocolVersions.HitNotificationContentType, opened.ContentType);
        return (delivery, opened.Verified);
    }

    private Task RecallAsync(long message, string source) =>
        LifecycleClient.SendAsync(Hub, source, LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[message], source), source));

    private static void AssertNames(WithdrawnHubMessage entry, VerifiedEnvelope notification, string member, WithdrawalCause cause, MessageReference? becauseOf)
    {
        Assert.Equal(notification.MessageId.ToArray(), entry.MessageId.ToByteArray());
        Assert.Equal(HubInbox.RecipientSequence(notification, member), entry.RecipientSequence);
        Assert.Equal(notification.HeaderSha256.ToArray(), entry.HeaderSha256.ToByteArray());
        Assert.Equal(ProtocolVersions.HitNotificationContentType, entry.ContentType);
        Assert.Equal(cause, entry.Cause);
        Assert.Equal(becauseOf, entry.BecauseOf);
    }

    [Fact]
    public async Task Recall_OfAMessageWithAHit_EachSourceIsSentOneHubWithdrawalNamingItsNotification_AcknowledgedOrNeverStreamed()
    {
        var (fr, _) = await HitAsync();

        // FR took its notification and acknowledged it; DE has never streamed its own.
        var (atFr, frNotification) = await NotificationAtAsync("FR");
        await DeliveryReceipts.AcknowledgeAsync(Hub, "FR", atFr, frNotification);
        var deNotification = Inbox.OpenContent(Hub, (await HubInbox.EnvelopesAsync(Hub, "DE")).Single().ToDelivery(), "DE").Verified;

        await RecallAsync(fr, "FR");

        var recalled = new MessageReference { Sender = PartyId.Member("FR").Uri, MessageId = Messages.Sealed[fr].Header.MessageId };
        foreach (var (member, notification) in new[] { ("FR", frNotification), ("DE", deNotification) })
        {
            var (envelope, notice) = Assert.Single(await HubInbox.WithdrawalsAsync(Hub, member));
            AssertNames(Assert.Single(notice.Withdrawn), notification, member, WithdrawalCause.Recalled, recalled);

            // The notice is the hub's next message to the member: its numbering has no hole, and the withdrawn one's is accounted for.
            Assert.Equal(HubInbox.RecipientSequence(notification, member) + 1, HubInbox.RecipientSequence(envelope, member));
            Assert.True(envelope.Header.Sequence > notification.Header.Sequence);
            Assert.Equal(ProtocolVersions.HubWithdrawalContentType, envelope.Header.ContentType);
        }

        Assert.Equal(2L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = '{AuditActions.HubWithdrawal}' AND detail LIKE 'hub_sequence={fr} to=% cause=recalled withdrawn=1 %'"));
    }

    [Fact]
    public async Task Recall_OfTheOtherMessageAfterARestart_NamesNothingAgain_AndTheFirstNoticesOutliveTheRestart()
    {
        var (fr, de) = await HitAsync();
        var deNotification = Inbox.OpenContent(Hub, (await HubInbox.EnvelopesAsync(Hub, "DE")).Single().ToDelivery(), "DE").Verified;
        await RecallAsync(fr, "FR");

        // Nobody streamed the notices before the restart: they were stored with the recall, not held in memory.
        await RestartAsync();
        await RecallAsync(de, "DE");

        var (_, atDe) = Assert.Single(await HubInbox.WithdrawalsAsync(Hub, "DE"));
        AssertNames(
            Assert.Single(atDe.Withdrawn), deNotification, "DE", WithdrawalCause.Recalled,
            new MessageReference { Sender = PartyId.Member("FR").Uri, MessageId = Messages.Sealed[fr].Header.MessageId });
        Assert.Single(await HubInbox.WithdrawalsAsync(Hub, "FR"));
        Assert.Equal(0L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = '{AuditActions.HubWithdrawal}' AND detail LIKE 'hub_sequence={de} %'"));
    }

    [Fact]
    public async Task Restriction_ExcludingAMemberWhoseNotificationIsQueued_SendsItAHubWithdrawalThatDoesNotNameTheRestrictedMessage()
    {
        var (fr, _) = await HitAsync();
        var deNotification = Inbox.OpenContent(Hub, (await HubInbox.EnvelopesAsync(Hub, "DE")).Single().ToDelivery(), "DE").Verified;

        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(
            Hub, LifecycleClient.Order(Messages.Sealed[fr], "FR", o => o.Restriction = new RestrictionOrder { ExcludeMembers = { "DE" } }), "FR"));

        // DE, now excluded, must not learn of FR's message from the notice either; FR's own notification stays.
        var (_, notice) = Assert.Single(await HubInbox.WithdrawalsAsync(Hub, "DE"));
        AssertNames(Assert.Single(notice.Withdrawn), deNotification, "DE", WithdrawalCause.Restricted, becauseOf: null);
        Assert.Empty(await HubInbox.WithdrawalsAsync(Hub, "FR"));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM audit WHERE action = '{AuditActions.HubWithdrawal}' AND detail LIKE 'hub_sequence={fr} to=urn:hst:member:DE cause=restricted withdrawn=1 %'"));

        // The recall that follows withdraws FR's notification, not DE's a second time.
        await RecallAsync(fr, "FR");
        Assert.Single(await HubInbox.WithdrawalsAsync(Hub, "DE"));
        Assert.Equal(WithdrawalCause.Recalled, Assert.Single(Assert.Single(await HubInbox.WithdrawalsAsync(Hub, "FR")).Notice.Withdrawn).Cause);
    }

    [Fact]
    public async Task Ledger_OfARecalledMessage_ShowsTheHubWithdrawalsItCaused()
    {
        var (fr, _) = await HitAsync();
        await RecallAsync(fr, "FR");

        var ledger = await Products.ProductHub.CommandTextAsync(Hub, "ledger", MessageIds.Format(Messages.Sealed[fr].Header.MessageId.Span));

        Assert.Contains(AuditActions.HubWithdrawal, ledger, StringComparison.Ordinal);
        Assert.Contains("to=urn:hst:member:DE cause=recalled withdrawn=1", ledger, StringComparison.Ordinal);
    }
}
