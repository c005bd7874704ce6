using Google.Protobuf;
using HstFederation.Node.Lifecycle;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Storage;

namespace HstFederation.Node.Tests.Lifecycle;

/// <summary>
/// The source's side (FR) of docs/lifecycle.md §3 over a real hub (real Kestrel, mutual TLS, SQLite files): orders issued
/// into the order outbox, sent by the <see cref="Node.HubLink.OrderSender"/> with Hub.Lifecycle, the hub's receipt or
/// refusal kept, and the holders' confirmations recorded when the hub relays them.
/// </summary>
public sealed class SourceOrderTests : HubLinkTestBase
{
    private const string Canary = "Zuwara";

    [Fact]
    public async Task Recall_QueuedBeforeARestart_IsSentAfterIt_DePurgesAndConfirms_FrRecordsTheHoldersConfirmation()
    {
        var messageId = await SentToDe.SendAsync(Fr, De);
        var order = Assert.Single(await IssuerOfFr().IssueAsync(
            messageId, new OrderRequest("recall", o => o.Recall = new RecallOrder { Reason = RecallReason.Inaccurate }), "operator:test", CancellationToken.None));
        Assert.Equal("recall", order.Action);
        Assert.Equal(IssuedOrder.Queued, (await Fr.Store.IssuedOrderAsync(order.OrderId))!.State);

        await Fr.RestartAsync();
        Fr.StartSubscriber();
        Assert.Equal(1, await Fr.Orders.RunOnceAsync(CancellationToken.None));

        var issued = (await Fr.Store.IssuedOrderAsync(order.OrderId))!;
        Assert.Equal(IssuedOrder.Accepted, issued.State);
        var receipt = LifecycleReceipt.Parser.ParseFrom(SignedStatement.Parser.ParseFrom(issued.Receipt).Statement);
        Assert.Equal([De.Party], receipt.Holders);
        await Eventually.TrueAsync(async () => await De.Store.TombstoneAsync(messageId) is not null, "DE purges its copy");
        await Eventually.TrueAsync(
            () => Task.FromResult(Fr.Count($"SELECT COUNT(*) FROM lifecycle_order_holders WHERE holder = '{De.Party}' AND outcome = 1;") == 1),
            "FR records DE's signed PURGED confirmation");
        Assert.False(DatabaseFiles.Contain(De.Store.Database.Path, Canary));
        // The source keeps its own record (docs/lifecycle.md §1).
        Assert.True(DatabaseFiles.Contain(Fr.Store.Database.Path, Canary));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'lifecycle-accepted';"));

        // Nothing is left to recall: the recalled version is not ordered again.
        await Assert.ThrowsAsync<LifecycleRefusedException>(() => IssuerOfFr().IssueAsync(
            messageId, new OrderRequest("recall", o => o.Recall = new RecallOrder { Reason = RecallReason.Other }), "operator:test", CancellationToken.None));
    }

    [Fact]
    public async Task Restriction_ThatLoosens_SignedPastTheLocalCheck_IsRefusedByTheHub_AndTheRefusalIsKeptWithItsReason()
    {
        var messageId = await SentToDe.SendAsync(Fr, De);
        var version = Assert.Single(await Fr.Store.CaseVersionsAsync(messageId));
        var order = new LifecycleOrder
        {
            Version = LifecycleOrders.CurrentVersion,
            OrderId = ByteString.CopyFrom(MessageIds.NewId(DateTimeOffset.UtcNow, SystemRandomSource.Instance)),
            MessageId = ByteString.CopyFrom(messageId),
            Source = Fr.Party,
            Issuer = Fr.Party,
            HeaderSha256 = ByteString.CopyFrom(OrderIssuer.HeaderSha256(version)),
            IssuedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Restriction = new RestrictionOrder { Code = HandlingCode.H0 },
        };
        var orderId = order.OrderId.ToByteArray();
        await Fr.Store.EnqueueOrdersAsync(
            [new NewOrder(orderId, version.LocalId, messageId, "restriction", LifecycleOrders.Sign(order, Fr.Credentials).ToByteArray())], "operator:test", null);

        Assert.Equal(1, await Fr.Orders.RunOnceAsync(CancellationToken.None));

        var refused = (await Fr.Store.IssuedOrderAsync(orderId))!;
        Assert.Equal(IssuedOrder.Refused, refused.State);
        Assert.Equal(nameof(RejectionReason.RestrictionLoosens), refused.RefusalReason);
        Assert.Contains("less strict", refused.RefusalDetail, StringComparison.Ordinal);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'lifecycle-refused';"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM outbox WHERE effective_handling IS NOT NULL;"));
        Assert.Equal(0, await Fr.Orders.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Restriction_Accepted_HoldsForTheSourcesOwnCopy_AndDeConfirmsApplied()
    {
        var messageId = await SentToDe.SendAsync(Fr, De);
        var request = new OrderRequest("restrict", o => o.Restriction = new RestrictionOrder { Code = HandlingCode.H3 });
        var order = Assert.Single(await IssuerOfFr().IssueAsync(messageId, request, "operator:test", CancellationToken.None));

        Assert.Equal(1, await Fr.Orders.RunOnceAsync(CancellationToken.None));

        Assert.Equal(IssuedOrder.Accepted, (await Fr.Store.IssuedOrderAsync(order.OrderId))!.State);
        var version = Assert.Single(await Fr.Store.CaseVersionsAsync(messageId));
        Assert.Equal(HandlingCode.H3, OrderIssuer.EffectiveHandling(version).Code);
        // Its summary follows, so lists and agency scopes judge the copy by the handling in force.
        Assert.Equal((long)HandlingCode.H3, Fr.Count("SELECT handling_code FROM message_summaries WHERE box = 'outbox';"));
        await Eventually.TrueAsync(
            () => Task.FromResult(Fr.Count($"SELECT COUNT(*) FROM lifecycle_order_holders WHERE holder = '{De.Party}' AND outcome = 3;") == 1),
            "FR records DE's APPLIED confirmation");

        // Loosening it back is refused here, with the hub's wording, before anything is signed.
        var loosen = new OrderRequest("restrict", o => o.Restriction = new RestrictionOrder { Code = HandlingCode.H2 },
            (_, current) => LifecycleRules.IsAtLeastAsStrict(current.Code, HandlingCode.H2) ? null : $"H2 is less strict than {current.Code}");
        var refusal = await Assert.ThrowsAsync<LifecycleRefusedException>(() => IssuerOfFr().IssueAsync(messageId, loosen, "operator:test", CancellationToken.None));
        Assert.Contains("H2 is less strict than H3", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM lifecycle_orders_issued;"));
    }

    [Fact]
    public async Task Orders_ForAMessageStillQueued_OrSentByAnotherMember_AreRefusedLocally_NothingQueued()
    {
        var queued = await Fr.EnqueueAsync("DE");
        var recall = new OrderRequest("recall", o => o.Recall = new RecallOrder { Reason = RecallReason.Other });
        var waiting = await Assert.ThrowsAsync<LifecycleRefusedException>(() => IssuerOfFr().IssueAsync(queued.MessageId, recall, "operator:test", CancellationToken.None));
        Assert.Contains("still queued", waiting.Message, StringComparison.Ordinal);

        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, queued.MessageId) is not null, "DE stores the message");
        var deIssuer = new OrderIssuer(De.Store, De.Credentials, TimeProvider.System, SystemRandomSource.Instance);
        var notSource = await Assert.ThrowsAsync<LifecycleRefusedException>(() => deIssuer.IssueAsync(queued.MessageId, recall, "operator:test", CancellationToken.None));
        Assert.Contains($"was sent by {Fr.Party}, not by this NCB", notSource.Message, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM lifecycle_orders_issued;") + De.Count("SELECT COUNT(*) FROM lifecycle_orders_issued;"));
    }

    [Fact]
    public async Task RetentionReview_FromTheHub_IsStoredPending_ALapseRecordsTheDecision_AndAReviewOfAnotherMessageIsQuarantined()
    {
        var messageId = await SentToDe.SendAsync(Fr, De);
        var now = DateTimeOffset.UtcNow;
        await Hub.SendAsHubAsync("FR", SentToDe.Review(messageId, await SentToDe.HeaderSha256Async(Fr, messageId), now));
        await Hub.SendAsHubAsync("FR", SentToDe.Review(MessageIds.NewId(now, SystemRandomSource.Instance), new byte[32], now));

        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM quarantine;") == 1), "FR quarantines the review of a message it never sent");
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM retention_reviews WHERE decision IS NULL AND holders = 1;"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'retention-review';"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM quarantine WHERE reason = 'ContentInvalid' AND detail LIKE 'retention review:%';"));

        await IssuerOfFr().IssueAsync(
            messageId, new OrderRequest("let lapse", o => o.Lapse = new RetentionLapse(), ReviewDecision: RetentionReviews.Lapsed), "operator:test", CancellationToken.None);

        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM retention_reviews WHERE decision = 'lapsed' AND decided_at_ms IS NOT NULL;"));
        Assert.Equal(1, await Fr.Orders.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM lifecycle_orders_issued WHERE action = 'lapse' AND state = 2;"));
    }

    private OrderIssuer IssuerOfFr() => new(Fr.Store, Fr.Credentials, TimeProvider.System, SystemRandomSource.Instance);
}
