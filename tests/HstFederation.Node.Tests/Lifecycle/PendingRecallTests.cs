using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Google.Protobuf;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Storage;

namespace HstFederation.Node.Tests.Lifecycle;

/// <summary>
/// `hst-node recall` of a message sealed for the hub that the hub has not answered (the first message queued during an
/// outage): stored pending, sent once the hub's acceptance is recorded, dropped if the hub refuses the message; over FR's
/// and DE's real nodes and a real hub. The submit that reaches no hub is <see cref="SubmitFault.BeforeTheHub"/>.
/// </summary>
public sealed class PendingRecallTests : CommandLineTestBase
{
    private const string Canary = "Zuwara";

    [Fact]
    public async Task Recall_OfASealedUnansweredMessage_IsPending_NothingGoesToTheHub_ThenItIsSentOnceTheHubAccepts_AndDesCopyIsPurged()
    {
        var (message, id) = await SealedUnansweredAsync("DE");

        var recall = await RunAsync(Fr, "recall", id, "--reason", "sent-in-error", "--json");
        var pendingShow = await RunAsync(Fr, "show", id);
        var pendingJson = JsonDocument.Parse((await RunAsync(Fr, "show", id, "--json")).Out).RootElement;

        Assert.True(recall.ExitCode == NodeCommandLine.Success, recall.ToString());
        var order = Assert.Single(JsonDocument.Parse(recall.Out).RootElement.GetProperty("orders").EnumerateArray());
        Assert.Equal("pending", order.GetProperty("state").GetString());
        Assert.Equal(1, Fr.Count(
            "SELECT COUNT(*) FROM audit WHERE action = 'lifecycle-issued' AND actor LIKE 'operator:%' AND detail LIKE '%pending until the hub accepts the message';"));
        Assert.Contains("recall order", pendingShow.Out, StringComparison.Ordinal);
        Assert.Contains("PENDING: sent once the hub accepts the message", pendingShow.Out, StringComparison.Ordinal);
        Assert.Equal("pending", OrderState(pendingJson));
        // The hub has not accepted the message: the sender must not send it an order about it.
        Assert.Equal(0, await Fr.Orders.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, Hub.Count("SELECT COUNT(*) FROM lifecycle_orders;"));

        Fr.Faults.Mode = SubmitFault.None;
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        De.StartSubscriber();
        Fr.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, message.MessageId) is not null, "DE stores the message");
        Assert.True(DatabaseFiles.Contain(De.Store.Database.Path, Canary));
        Assert.Equal(1, await Fr.Orders.RunOnceAsync(CancellationToken.None));

        await Eventually.TrueAsync(
            () => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM lifecycle_order_holders WHERE outcome = 1;") == 1), "FR records DE's confirmation");
        Assert.False(DatabaseFiles.Contain(De.Store.Database.Path, Canary));
        Assert.NotNull(await De.Store.TombstoneAsync(message.MessageId));
        Assert.Equal(1, Hub.Count("SELECT COUNT(*) FROM lifecycle_orders;"));
        var show = await RunAsync(Fr, "show", id);
        Assert.Contains("accepted by the hub; 1 of 1 holder(s) confirmed (DE confirmed purged)", show.Out, StringComparison.Ordinal);
        Assert.Equal("accepted", OrderState(JsonDocument.Parse((await RunAsync(Fr, "show", id, "--json")).Out).RootElement));
    }

    [Fact]
    public async Task Recall_PendingWhenTheHubRefusesTheMessage_IsDroppedNeverSent_AuditedAndShown()
    {
        // Sealed while IT is active; the hub then suspends IT and refuses the message when the submit reaches it.
        var (message, id) = await SealedUnansweredAsync("IT");
        var recall = await RunAsync(Fr, "recall", id, "--reason", "sent-in-error");
        Assert.True(recall.ExitCode == NodeCommandLine.Success, recall.ToString());
        Assert.Contains("PENDING, sent once the hub accepts this version", recall.Out, StringComparison.Ordinal);
        await Hub.SetStatusAsync("IT", MemberStatus.Suspended);

        Fr.Faults.Mode = SubmitFault.None;
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var orders = await Fr.Orders.RunOnceAsync(CancellationToken.None);
        var show = await RunAsync(Fr, "show", id);
        var json = JsonDocument.Parse((await RunAsync(Fr, "show", id, "--json")).Out).RootElement;

        Assert.Equal(OutboxState.Rejected, (await Fr.Store.GetOutboxAsync(message.LocalId))!.State);
        Assert.Equal(0, orders);
        Assert.Equal(0, Hub.Count("SELECT COUNT(*) FROM lifecycle_orders;"));
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM lifecycle_orders_issued WHERE state = 3 AND refusal_reason = '{PendingRecalls.Reason}';"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'lifecycle-dropped' AND actor = 'node' AND detail LIKE '%action=recall%';"));
        Assert.Contains("DROPPED, never sent: the hub refused the message, so it never left this node", show.Out, StringComparison.Ordinal);
        Assert.Equal("refused", OrderState(json));
        Assert.Equal(PendingRecalls.Reason, json.GetProperty("outbox").GetProperty("orders")[0].GetProperty("refusalReason").GetString());
        // The hub refused no order: 'status' does not list the dropped recall among the orders needing a look.
        var status = JsonDocument.Parse((await RunAsync(Fr, "status", "--json")).Out).RootElement;
        Assert.Equal(0, status.GetProperty("lifecycle").GetProperty("refusedOrders").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Recall_PendingWhenTheRetentionSweepPurgesTheUnansweredMessage_IsDroppedNeverSent_AuditedAndShown()
    {
        var (message, id) = await SealedUnansweredAsync("DE");
        var recall = await RunAsync(Fr, "recall", id, "--reason", "sent-in-error");
        Assert.True(recall.ExitCode == NodeCommandLine.Success, recall.ToString());

        // The node's retention sweep at a date past the message's (a second store on the same file, as the sweeper would run then).
        await using (var later = NodeStore.Open(Fr.Store.Database.Path, new FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(30))))
        {
            Assert.True(await later.SweepRetentionAsync(Fr.Party) >= 1);
        }

        var show = await RunAsync(Fr, "show", id);
        var json = JsonDocument.Parse((await RunAsync(Fr, "show", id, "--json")).Out).RootElement;
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM outbox WHERE local_id = {message.LocalId} AND purged_at_ms IS NOT NULL;"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM lifecycle_orders_issued WHERE state = 1;"));
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM lifecycle_orders_issued WHERE state = 3 AND refusal_reason = '{PendingRecalls.ExpiredReason}';"));
        Assert.Equal(1, Fr.Count(
            "SELECT COUNT(*) FROM audit WHERE action = 'lifecycle-dropped' AND actor = 'node' AND detail LIKE '%action=recall%message_expired';"));
        Assert.Contains("DROPPED, never sent: the message expired here (retention date) before the hub answered it", show.Out, StringComparison.Ordinal);
        Assert.Equal("refused", OrderState(json));
        Assert.Equal(0, await Fr.Orders.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, Hub.Count("SELECT COUNT(*) FROM lifecycle_orders;"));
        var status = JsonDocument.Parse((await RunAsync(Fr, "status", "--json")).Out).RootElement;
        Assert.Equal(0, status.GetProperty("lifecycle").GetProperty("refusedOrders").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Recall_OfAQueuedMessageNeverSealed_IsRefusedWithTheCancelHint_NothingStored()
    {
        var message = await Fr.EnqueueAsync("DE");
        var id = MessageIds.Format(message.MessageId);

        var recall = await RunAsync(Fr, "recall", id, "--reason", "sent-in-error");

        Assert.Equal(NodeCommandLine.Failure, recall.ExitCode);
        Assert.Contains($"version 1 ({id}) is still queued and was never sealed for the hub, so the hub never received it: stop it with " +
            $"'hst-node cancel {id}' instead (exact and immediate: it is never sent)", recall.Error, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM lifecycle_orders_issued;"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'lifecycle-issued';"));
    }

    [Fact]
    public async Task Recall_Pending_WithServeRestartedAfterTheHubsAcceptance_IsSentAfterTheRestart_TheSameSignedOrder()
    {
        var (message, id) = await SealedUnansweredAsync("DE");
        var recall = await RunAsync(Fr, "recall", id, "--reason", "inaccurate", "--json");
        var orderId = Assert.Single(JsonDocument.Parse(recall.Out).RootElement.GetProperty("orders").EnumerateArray()).GetProperty("orderId").GetString()!;
        Fr.Faults.Mode = SubmitFault.None;
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        // serve stops after recording the acceptance and before its order sender's next pass.
        await Fr.RestartAsync();
        Fr.StartSubscriber();
        Assert.Equal(1, await Fr.Orders.RunOnceAsync(CancellationToken.None));

        Assert.Equal(1, Hub.Count("SELECT COUNT(*) FROM lifecycle_orders;"));
        var issued = Assert.Single(await Fr.Store.OrdersForMessageAsync(message.MessageId));
        Assert.Equal(IssuedOrder.Accepted, issued.State);
        Assert.Equal(orderId, MessageIds.Format(issued.OrderId));
        Assert.Equal(0, await Fr.Orders.RunOnceAsync(CancellationToken.None));
        Assert.Contains("accepted by the hub", (await RunAsync(Fr, "show", id)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusalTexts_CancelOfASealedMessage_SaysRecall_AndTheHelpOfBothSaysHowTheyMeet()
    {
        var (message, id) = await SealedUnansweredAsync("DE");

        var cancel = await RunAsync(Fr, "cancel", id);
        var again = await RunAsync(Fr, "recall", id, "--reason", "other");
        var recall = await RunAsync(Fr, "recall", id, "--reason", "other");
        var cancelHelp = await CommandRun.RunAsync("cancel", "--help");
        var recallHelp = await CommandRun.RunAsync("recall", "--help");

        Assert.Equal(NodeCommandLine.Failure, cancel.ExitCode);
        Assert.Contains("it is sealed for the hub, so a submit of it may have reached the hub: recall it instead ('hst-node recall <id> --reason ...'), " +
            "which takes effect as soon as the hub accepts it", cancel.Error, StringComparison.Ordinal);
        Assert.True(again.ExitCode == NodeCommandLine.Success, again.ToString());
        // A second recall finds the version recalled already (pending counts): nothing more is stored.
        Assert.Equal(NodeCommandLine.Failure, recall.ExitCode);
        Assert.Contains($"the case is recalled already (its recall orders, queued, pending until the hub accepts the message, or sent, are listed by 'hst-node show {id}'", recall.Error, StringComparison.Ordinal);
        Assert.Contains("there is nothing to recall", recall.Error, StringComparison.Ordinal);
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM lifecycle_orders_issued WHERE outbox_local_id = {message.LocalId};"));
        Assert.Contains("run 'hst-node recall' now: the recall is stored at once, pending, and 'serve' sends it as soon as the hub\n" +
            "accepts the message", cancelHelp.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("is recalled too: its order\nis signed and stored now, PENDING", recallHelp.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("state: queued (sent by 'serve' now) or pending", recallHelp.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHubsRefusal_RecordedBetweenTheCommandsReadAndItsEnqueue_StoresNoOrder()
    {
        // The command read the version as sealed and signed its recall; the sender records the hub's refusal before the
        // enqueue's transaction: that transaction sees it and stores nothing, so no recall waits forever on a refused message.
        var (message, _) = await SealedUnansweredAsync("DE");
        var version = Assert.Single(await Fr.Store.CaseVersionsAsync(message.MessageId));
        var order = new LifecycleOrder
        {
            Version = Protocol.Lifecycle.LifecycleOrders.CurrentVersion,
            OrderId = ByteString.CopyFrom(MessageIds.NewId(DateTimeOffset.UtcNow, Protocol.Crypto.SystemRandomSource.Instance)),
            MessageId = ByteString.CopyFrom(message.MessageId),
            Source = Fr.Party,
            Issuer = Fr.Party,
            HeaderSha256 = ByteString.CopyFrom(Node.Lifecycle.OrderIssuer.HeaderSha256(version)),
            IssuedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Recall = new RecallOrder { Reason = RecallReason.SentInError },
        };
        var signed = Protocol.Lifecycle.LifecycleOrders.Sign(order, Fr.Credentials).ToByteArray();
        await Fr.Store.MarkRejectedAsync(message.LocalId, "RecipientNotActive", "test: refused by the hub");

        var error = await Assert.ThrowsAsync<OrderRefusedException>(() => Fr.Store.EnqueueOrdersAsync(
            [new NewOrder(order.OrderId.ToByteArray(), message.LocalId, message.MessageId, "recall", signed)], "operator:test", null));

        Assert.Contains("it refused it (RecipientNotActive), so it never left this node", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM lifecycle_orders_issued;"));
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'lifecycle-issued';"));
    }

    /// <summary>FR queues a message to <paramref name="to"/> and seals it, and its submit never reaches the hub (left failing).</summary>
    private async Task<(EnqueuedMessage Message, string Id)> SealedUnansweredAsync(string to)
    {
        var message = await Fr.EnqueueAsync(to);
        Fr.Faults.Mode = SubmitFault.BeforeTheHub;
        Assert.Equal(0, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM outbox WHERE local_id = {message.LocalId} AND state = 1 AND envelope IS NOT NULL;"));
        return (message, MessageIds.Format(message.MessageId));
    }

    private static string? OrderState(JsonElement show) => show.GetProperty("outbox").GetProperty("orders")[0].GetProperty("state").GetString();
}
