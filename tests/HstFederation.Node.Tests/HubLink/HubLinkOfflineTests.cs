using HstFederation.Node.HubLink;
using HstFederation.Node.Lifecycle;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// A node offline for days (THREATS row 27), on one fake clock shared by the hub, its trust and the nodes. The node
/// options never wait on that clock (no retry delay, every acknowledgement sent at once), so nothing in the link
/// stalls until the test moves time; the test federation's CRLs (<see cref="TestHub.CrlValidity"/>) and
/// certificates cover the simulated week.
/// </summary>
public sealed class HubLinkOfflineTests() : HubLinkTestBase(Clock, NeverWaitingOnTheClock)
{
    // xunit makes one instance per test; the constructor argument is evaluated once per instance.
    private static FakeTimeProvider Clock => new(TimeProvider.System.GetUtcNow());

    private FakeTimeProvider Time => (FakeTimeProvider)Hub.Time;

    [Fact]
    public async Task De_OfflineForAWeek_WhileFrSendsOneMessageADay_CatchesUpInOrder_OnceEach_AndFrGetsEveryDeliveryReceipt()
    {
        De.StartSubscriber();
        var sent = new List<EnqueuedMessage> { await Fr.EnqueueAsync("DE") };
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 1), "DE, online, receives the day-0 message");
        await De.StopSubscriberAsync();

        for (var day = 1; day <= 7; day++)
        {
            Time.Advance(TimeSpan.FromDays(1));
            sent.Add(await Fr.EnqueueAsync("DE"));
            Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        }

        var waiting = await Task.WhenAll(sent.Select(m => Fr.Store.GetOutboxAsync(m.LocalId)));
        Assert.All(waiting, e => Assert.Equal(OutboxState.Accepted, e!.State));
        Assert.Equal(
            Enumerable.Range(0, 8).Select(day => Time.GetUtcNow().AddDays(day - 7).ToUnixTimeMilliseconds()),
            waiting.Select(e => e!.CreatedAtMs));

        await De.RestartAsync();
        De.StartSubscriber();
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == sent.Count), "DE catches up on the week");
        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(sent.Select(m => Fr.Store.GetOutboxAsync(m.LocalId)))).All(e => e!.Deliveries.Count == 1),
            "FR records DE's delivery receipt for every day");

        var inbox = De.Inbox();
        Assert.Equal(sent.Select(m => m.MessageId), inbox.Select(m => m.MessageId));
        Assert.Equal(sent.Select(m => m.Sequence), inbox.Select(m => m.Sequence));
        Assert.Empty(await De.Store.QuarantinedAsync());
        Assert.Empty(await De.Store.AlarmsAsync());
        Assert.Equal(sent.Count, Hub.MessagesFrom(Fr.Party));
    }

    [Fact]
    public async Task Send_SealedBeforeAHubOutageLongerThanItsSubmitWindow_IsSealedAgainWithTheSameId_AndAccepted()
    {
        await Fr.Directory.RefreshAsync(CancellationToken.None);
        await Hub.StopAsync();
        var queued = await Fr.EnqueueAsync("DE");
        Assert.Equal(0, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var firstEnvelope = (await Fr.Store.GetOutboxAsync(queued.LocalId))!.Envelope;
        Assert.NotNull(firstEnvelope);

        Time.Advance(TimeSpan.FromDays(2));
        await Hub.StartAgainAsync();
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        var sent = (await Fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Accepted, sent.State);
        Assert.NotEqual(firstEnvelope, sent.Envelope);
        var header = Protocol.V1.EnvelopeHeader.Parser.ParseFrom(Protocol.V1.Envelope.Parser.ParseFrom(sent.Envelope).Header);
        Assert.Equal(queued.MessageId, header.MessageId.ToByteArray());
        Assert.Equal(Time.GetUtcNow().ToUnixTimeMilliseconds(), header.CreatedAtMs);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'reseal';"));

        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 1), "DE receives the message sealed again");
        Assert.Equal(queued.MessageId, De.Inbox()[0].MessageId);
    }

    [Fact]
    public async Task Send_SealedBeforeAHubOutage_AndRecalledDuringIt_EndsRefusedWhenTheHubFindsItTooOld_NotSealedAgain_TheRecallDropped()
    {
        await Fr.Directory.RefreshAsync(CancellationToken.None);
        await Hub.StopAsync();
        var queued = await Fr.EnqueueAsync("DE");
        Assert.Equal(0, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var recall = Assert.Single(await new OrderIssuer(Fr.Store, Fr.Credentials, Time, SystemRandomSource.Instance).IssueAsync(
            queued.MessageId, new OrderRequest("recall", o => o.Recall = new RecallOrder { Reason = RecallReason.SentInError }, MayWait: true),
            "operator:test", CancellationToken.None));
        Assert.True(recall.Pending);

        Time.Advance(TimeSpan.FromDays(2));
        await Hub.StartAgainAsync();
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        // Sealed again it would reach DE after all: the hub's refusal proves it never took it, so it ends refused here.
        var refused = (await Fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Rejected, refused.State);
        Assert.Equal(nameof(RejectionReason.CreatedTooLongAgo), refused.RejectReason);
        Assert.Equal(0, Hub.MessagesFrom(Fr.Party));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'reseal';"));
        Assert.Equal(IssuedOrder.Refused, (await Fr.Store.IssuedOrderAsync(recall.OrderId))!.State);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'lifecycle-dropped';"));
        Assert.Equal(0, await Fr.Orders.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Send_QueuedLongerThanItsDeliveryLifetime_IsRejectedLocallyAsLifetimeOver_NotSealedAsIfFresh()
    {
        var queued = await Fr.EnqueueAsync("DE");

        Time.Advance(OutboxSender.DeliveryLifetime + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        var refused = (await Fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Rejected, refused.State);
        Assert.Equal(LocalReasons.LifetimeOver, refused.RejectReason);
        Assert.Null(refused.Envelope);
        Assert.Equal(0, Hub.MessagesFrom(Fr.Party));
    }
}
