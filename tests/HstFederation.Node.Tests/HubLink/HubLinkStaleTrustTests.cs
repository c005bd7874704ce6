using HstFederation.Node.HubLink;
using HstFederation.Node.Lifecycle;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// A CRL past its nextUpdate plus RevocationGrace (no certificate can be judged) is a condition of the party holding it,
/// not of the message at hand: on this node, a delivery is neither quarantined nor passed (the cursor stays) and a send
/// is not refused, both wait and go through once a fresh CRL is in; on the hub, its refusal of the call is retried.
/// One fake clock for hub and nodes; the node options never wait on it (as in <see cref="HubLinkOfflineTests"/>).
/// </summary>
public sealed class HubLinkStaleTrustTests() : HubLinkTestBase(Clock, NeverWaitingOnTheClock, $"--Hub:RevocationGrace={Grace}")
{
    private const int DeliveryDeferredEvent = 4033;
    private const int SendDeferredEvent = 4034;
    private const int OrderPassFailedEvent = 4065;

    /// <summary>How long the short CRLs here are current, and the grace after it (hub and stale-prone node alike).</summary>
    private static readonly TimeSpan Validity = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private static FakeTimeProvider Clock => new(TimeProvider.System.GetUtcNow());

    private FakeTimeProvider Time => (FakeTimeProvider)Hub.Time;

    [Fact]
    public async Task Receive_WhileTheNodesCrlIsStale_NothingIsQuarantinedNorPassed_AndAllArrivesOnceAFreshCrlIsIn()
    {
        using var logs = new LogSink();
        await using var fr = NodeWithShortCrl("FR", logs);
        // The channel opens while the CRL is fresh (a new TLS handshake needs a fresh CRL too), as on a running node.
        await fr.Directory.RefreshAsync(CancellationToken.None);
        var mine = await fr.EnqueueAsync("DE");
        Assert.Equal(1, await fr.Sender.RunOnceAsync(CancellationToken.None));
        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetCursorAsync() > 0, "DE stores and acknowledges FR's message (its receipt is relayed to FR)");
        var first = await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));

        // 1. Stale before FR subscribes: the relayed receipt, then DE's message, wait at the hub.
        Time.Advance(Validity + Grace + TimeSpan.FromSeconds(1));
        fr.StartSubscriber();
        await Eventually.TrueAsync(
            async () => Deferrals(logs) > 0 || (await fr.Store.QuarantinedAsync()).Count > 0, "FR sets the relayed receipt aside (or quarantines it)");
        Assert.Empty(await fr.Store.QuarantinedAsync());
        Assert.Equal(0, await fr.Store.GetCursorAsync());
        Assert.Empty((await fr.Store.GetOutboxAsync(mine.LocalId))!.Deliveries);

        InstallFreshCrl(fr);
        await Eventually.TrueAsync(
            async () => fr.Inbox().Count == 1 && (await fr.Store.GetOutboxAsync(mine.LocalId))!.Deliveries.Count == 1,
            "with a fresh CRL, FR records DE's receipt and stores DE's message");
        Assert.Equal(first.MessageId, fr.Inbox()[0].MessageId);
        // Acknowledged before the clock moves on (the acknowledgement's timeout runs on that clock).
        var cursor = Hub.LastDeliveryCursor("FR");
        await Eventually.TrueAsync(async () => await fr.Store.GetCursorAsync() == cursor, "FR acknowledges both");

        // 2. Stale again under the open subscription: a delivery arriving then is set aside too.
        Time.Advance(Validity + Grace + TimeSpan.FromSeconds(1));
        var deferred = Deferrals(logs);
        var second = await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));
        await Eventually.TrueAsync(
            async () => Deferrals(logs) > deferred || (await fr.Store.QuarantinedAsync()).Count > 0, "FR sets DE's second message aside (or quarantines it)");
        Assert.Empty(await fr.Store.QuarantinedAsync());
        Assert.Equal(cursor, await fr.Store.GetCursorAsync());
        Assert.Single(fr.Inbox());

        InstallFreshCrl(fr);
        await Eventually.TrueAsync(() => Task.FromResult(fr.Inbox().Count == 2), "with a fresh CRL, FR stores DE's second message");
        Assert.Equal(second.MessageId, fr.Inbox()[1].MessageId);
        Assert.Empty(await fr.Store.QuarantinedAsync());
        Assert.Contains(logs.Entries, e => e.EventId == DeliveryDeferredEvent && e.Level == LogLevel.Warning && e.Message.Contains("Node:RevocationListPath", StringComparison.Ordinal));
    }

    /// <summary>
    /// The race InboxSubscriber closes by remembering the staleness when it took a delivery: a relayed receipt is judged
    /// on FR's stale CRL (statements report that as their own invalidity, ReceiptInvalid, not TrustDataStale), then a fresh
    /// CRL is installed while FR flushes the acknowledgement waiting before it, i.e. before the quarantine decision. Judged
    /// by the CRL as it is then, the receipt would be quarantined, the cursor moved past it, and it would be lost.
    /// </summary>
    [Fact]
    public async Task Receive_RefusedOnAStaleCrl_AFreshCrlInstalledBeforeTheQuarantine_IsDeferredNotQuarantined_AndRecordedWhenRedelivered()
    {
        using var logs = new LogSink();
        var link = new SubscriptionRecorder();
        // DE's message waits in FR's acknowledgement batch (neither full nor due on the clock) until the receipt's turn.
        var options = new HubLinkOptions
        {
            RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero, SubmitAttempts = 1, AckBatchSize = 16, AckFlushInterval = TimeSpan.FromDays(1),
        };
        await using var fr = NodeWithShortCrl("FR", logs, options, link);
        await fr.Directory.RefreshAsync(CancellationToken.None);
        var mine = await fr.EnqueueAsync("DE");
        Assert.Equal(1, await fr.Sender.RunOnceAsync(CancellationToken.None));
        await De.EnqueueAsync("FR");
        Assert.Equal(1, await De.Sender.RunOnceAsync(CancellationToken.None));
        var fromDe = Hub.LastDeliveryCursor("FR");
        fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(fr.Inbox().Count == 1), "FR stores DE's message, its acknowledgement waiting");
        Assert.Empty(link.Acknowledgements);

        // FR's CRL goes stale; the fresh one arrives as FR flushes DE's acknowledgement ahead of the receipt's quarantine.
        Time.Advance(Validity + Grace + TimeSpan.FromSeconds(1));
        link.BeforeNextAcknowledge = () => InstallFreshCrl(fr);
        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Hub.LastDeliveryCursor("FR") > fromDe), "DE acknowledges FR's message (its receipt is relayed to FR)");
        var receipt = (ulong)Hub.LastDeliveryCursor("FR");
        await Eventually.TrueAsync(
            async () => (await fr.Store.GetOutboxAsync(mine.LocalId))!.Deliveries.Count == 1 || (await fr.Store.QuarantinedAsync()).Count > 0,
            "FR records DE's receipt (or quarantines it)");

        Assert.Empty(await fr.Store.QuarantinedAsync());
        Assert.Equal(1, Deferrals(logs));
        Assert.Null(fr.Trust.StaleReason());
        // FR acknowledged DE's message alone (the redelivered receipt's acknowledgement waits in the new subscription's
        // batch) and subscribed again from it, before the receipt: the hub sent the receipt again.
        Assert.Equal([(ulong)fromDe], Assert.Single(link.Acknowledgements));
        Assert.Equal([0UL, (ulong)fromDe], link.Subscriptions);
        Assert.True(receipt > (ulong)fromDe);
        Assert.Equal(De.Party, Assert.Single((await fr.Store.GetOutboxAsync(mine.LocalId))!.Deliveries).Recipient);
    }

    [Fact]
    public async Task Send_WhileTheNodesCrlIsStale_StaysQueued_AndIsAcceptedOnceAFreshCrlIsIn()
    {
        using var logs = new LogSink();
        await using var fr = NodeWithShortCrl("FR", logs);
        await fr.Directory.RefreshAsync(CancellationToken.None);
        Time.Advance(Validity + Grace + TimeSpan.FromSeconds(1));

        var queued = await fr.EnqueueAsync("DE");
        Assert.Equal(0, await fr.Sender.RunOnceAsync(CancellationToken.None));
        var waiting = (await fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Queued, waiting.State);
        Assert.Null(waiting.RejectReason);
        Assert.Contains(logs.Entries, e => e is { Level: LogLevel.Warning, EventId: SendDeferredEvent });

        InstallFreshCrl(fr);
        Assert.Equal(1, await fr.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(OutboxState.Accepted, (await fr.Store.GetOutboxAsync(queued.LocalId))!.State);
        Assert.Equal(1, Hub.MessagesFrom(fr.Party));
    }

    [Fact]
    public async Task Order_WhileTheNodesCrlIsStale_IsNotSentToTheHub_AndIsAcceptedOnceAFreshCrlIsIn()
    {
        using var logs = new LogSink();
        await using var fr = NodeWithShortCrl("FR", logs);
        await fr.Directory.RefreshAsync(CancellationToken.None);
        var sent = await fr.EnqueueAsync("DE");
        Assert.Equal(1, await fr.Sender.RunOnceAsync(CancellationToken.None));
        var order = Assert.Single(await new OrderIssuer(fr.Store, fr.Credentials, Time, SystemRandomSource.Instance).IssueAsync(
            sent.MessageId, new OrderRequest("recall", o => o.Recall = new RecallOrder { Reason = RecallReason.SentInError }),
            "operator:test", CancellationToken.None));

        // Sent now, the hub would take the order and FR could not verify its receipt: FR would call again at every pass.
        Time.Advance(Validity + Grace + TimeSpan.FromSeconds(1));
        Assert.Equal(0, await fr.Orders.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await fr.Orders.RunOnceAsync(CancellationToken.None));
        Assert.Equal(IssuedOrder.Queued, (await fr.Store.IssuedOrderAsync(order.OrderId))!.State);
        Assert.Equal(0, Hub.Count("SELECT COUNT(*) FROM lifecycle_orders;"));
        Assert.Single(logs.Entries, e => e is { Level: LogLevel.Warning, EventId: OrderPassFailedEvent });

        InstallFreshCrl(fr);
        Assert.Equal(1, await fr.Orders.RunOnceAsync(CancellationToken.None));
        Assert.Equal(IssuedOrder.Accepted, (await fr.Store.IssuedOrderAsync(order.OrderId))!.State);
        Assert.Equal(1, Hub.Count("SELECT COUNT(*) FROM lifecycle_orders;"));
    }

    [Fact]
    public async Task Send_ToAHubWhoseCrlIsStale_StaysQueued_AndIsAcceptedOnceTheHubHasAFreshOne()
    {
        Hub.InstallHubRevocationList(Validity);
        await Fr.Directory.RefreshAsync(CancellationToken.None);
        Time.Advance(Validity + Grace + TimeSpan.FromSeconds(1));

        // The hub refuses the call itself (its CRL cannot judge FR's certificate): not a refusal of the message. Its
        // answer, Unavailable with TrustDataStale, carries a retry-after that the pass waits out on the clock before its
        // one retry (answered alike), so the clock moves on until the pass has ended.
        var queued = await Fr.EnqueueAsync("DE");
        var pass = Fr.Sender.RunOnceAsync(CancellationToken.None);
        await Eventually.TrueAsync(() =>
        {
            if (!pass.IsCompleted)
            {
                Time.Advance(TimeSpan.FromSeconds(61));
            }

            return Task.FromResult(pass.IsCompleted);
        }, "the pass ends after the hub's retry-after");
        Assert.Equal(0, await pass);
        var waiting = (await Fr.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.True(waiting.State == OutboxState.Queued, $"{waiting.State} {waiting.RejectReason} {waiting.RejectDetail}");

        Hub.InstallHubRevocationList(TestHub.CrlValidity);
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(OutboxState.Accepted, (await Fr.Store.GetOutboxAsync(queued.LocalId))!.State);
    }

    /// <summary>A node whose own CRL is current for <see cref="Validity"/> from now, with <see cref="Grace"/> after it.</summary>
    private TestNode NodeWithShortCrl(string code, LogSink logs, HubLinkOptions? options = null, SubscriptionRecorder? link = null)
    {
        var now = Time.GetUtcNow();
        var trust = Hub.Federation.Pki.CreateTrust(Hub.Federation.Pki.IssueCrl(now, now + Validity), Time, new TrustOptions { RevocationGrace = Grace });
        return TestNode.Create(Hub, code, Time, options ?? NeverWaitingOnTheClock, link, logs.CreateLogger(code), trust: trust);
    }

    /// <summary>The node's CRL refresh finds a new CRL, current for <see cref="Validity"/> from now.</summary>
    private void InstallFreshCrl(TestNode node)
    {
        var now = Time.GetUtcNow();
        Assert.True(node.Trust.UpdateRevocationList(Hub.Federation.Pki.IssueCrl(now, now + Validity).ToRevocationList()));
    }

    private static int Deferrals(LogSink logs) => logs.Entries.Count(e => e.EventId == DeliveryDeferredEvent);
}
