using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Retention;

/// <summary>
/// An expiry purges like a recall (docs/lifecycle.md §7): the hit notifications about the expired message, queued to
/// either source, are withdrawn and the hub's copies of them emptied; the hit stays, without its explanation.
/// </summary>
public sealed class ExpiredHitTests : IAsyncLifetime
{
    private RetentionHub _hub = null!;

    public async Task InitializeAsync() => _hub = await RetentionHub.StartAsync(intelligence: true);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task RunOnce_AtTheDateOfAMessageWithAHit_WithdrawsBothNotificationsAndEmptiesTheHubsCopies()
    {
        var date = _hub.Time.GetUtcNow() + TimeSpan.FromDays(2);
        var fr = await _hub.SubmitAsync("FR", ["IT", PartyId.HubCode], date);
        await _hub.SubmitAsync("DE", ["IT", PartyId.HubCode], date + TimeSpan.FromDays(2));
        await Wait.UntilAsync(() => _hub.Count("SELECT count(*) FROM hit_notifications") == 2);
        var notifications = new[] { _hub.Count("SELECT min(notification) FROM hit_notifications"), _hub.Count("SELECT max(notification) FROM hit_notifications") };
        Assert.Equal(2L, _hub.Count("SELECT count(*) FROM hit_notifications n JOIN messages m ON m.hub_sequence = n.notification WHERE length(m.envelope) > 0"));

        _hub.SetTime(date);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM message_lifecycle WHERE hub_sequence = {fr.HubSequence} AND state = 3"));
        foreach (var source in new[] { "FR", "DE" })
        {
            var stored = await _hub.Store.ReadDeliveriesAsync(PartyId.Member(source), 0, 100);
            // DE is asked to review its own message, due soon too; neither is sent a notification of the hit.
            Assert.DoesNotContain(stored, d => notifications.Contains(d.HubSequence));
        }

        Assert.Equal(0L, _hub.Count("SELECT count(*) FROM hit_notifications n JOIN messages m ON m.hub_sequence = n.notification WHERE length(m.envelope) > 0"));
        Assert.Equal(1L, _hub.Count($"SELECT count(*) FROM hits WHERE held_message = {fr.HubSequence} AND explanation = ''"));
    }

    [Fact]
    public async Task RunOnce_AtTheDateOfAMessageWithAHit_SendsEachSourceAHubWithdrawalNamingItsNotification_CauseExpired()
    {
        var date = _hub.Time.GetUtcNow() + TimeSpan.FromDays(2);
        var fr = await _hub.SubmitAsync("FR", ["IT", PartyId.HubCode], date);
        await _hub.SubmitAsync("DE", ["IT", PartyId.HubCode], date + TimeSpan.FromDays(2));
        await Wait.UntilAsync(() => _hub.Count("SELECT count(*) FROM hit_notifications") == 2);
        var notifications = new Dictionary<string, VerifiedEnvelope>();
        foreach (var source in new[] { "FR", "DE" })
        {
            // As each node would open it, had it streamed it; neither has.
            var stored = (await _hub.Store.ReadDeliveriesAsync(PartyId.Member(source), 0, 100))
                .Single(d => d.Kind == DeliveryKind.Envelope && _hub.Count($"SELECT count(*) FROM hit_notifications WHERE notification = {d.HubSequence}") == 1);
            notifications[source] = Inbox.OpenContent(_hub.Hub, stored.ToDelivery(), source).Verified;
        }

        _hub.SetTime(date);
        await _hub.Worker.RunOnceAsync(CancellationToken.None);

        foreach (var (source, notification) in notifications)
        {
            var (envelope, notice) = Assert.Single(await HubInbox.WithdrawalsAsync(_hub.Hub, source, _hub.Time));
            var entry = Assert.Single(notice.Withdrawn);
            Assert.Equal(notification.MessageId.ToArray(), entry.MessageId.ToByteArray());
            Assert.Equal(HubInbox.RecipientSequence(notification, source), entry.RecipientSequence);
            Assert.Equal(notification.HeaderSha256.ToArray(), entry.HeaderSha256.ToByteArray());
            Assert.Equal(ProtocolVersions.HitNotificationContentType, entry.ContentType);
            Assert.Equal(WithdrawalCause.Expired, entry.Cause);
            Assert.Equal(new MessageReference { Sender = PartyId.Member("FR").Uri, MessageId = Google.Protobuf.ByteString.CopyFrom(fr.MessageId) }, entry.BecauseOf);
            Assert.True(HubInbox.RecipientSequence(envelope, source) > entry.RecipientSequence);
        }

        Assert.Equal(2L, _hub.Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.HubWithdrawal}' AND detail LIKE 'hub_sequence={fr.HubSequence} % cause=expired withdrawn=1 %'"));
    }
}
