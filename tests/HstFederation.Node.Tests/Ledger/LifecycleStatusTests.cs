using System.Text.Json;
using Google.Protobuf;
using HstFederation.Node.Commands;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.Ledger;

/// <summary>`hst-node status`'s lifecycle part: what it lists is exactly what the tables hold inside the window, nothing outside.</summary>
public sealed class LifecycleStatusTests : CommandLineTestBase
{
    [Fact]
    public async Task Status_ListsExpiriesWithinTheWindowOnly_PendingReviewsUndecidedOnly_AndOrdersAwaitingOrRefused()
    {
        var now = DateTimeOffset.UtcNow;
        var soon = await SendToDeAsync(now.AddDays(10));
        var later = await SendToDeAsync(now.AddYears(5));
        De.StartSubscriber();
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Count("SELECT COUNT(*) FROM inbox;") == 2), "DE stores both messages");

        // Reviews as the hub's RetentionReview leaves them in the table: one undecided, one already extended.
        await De.Store.WriteAsync(context => context.Connection.Execute(
            """
            INSERT INTO retention_reviews (inbox_local_id, message_id, header_hash, retain_until_ms, requested_at_ms, holders, decision, decided_at_ms)
            VALUES (1, $soon, zeroblob(32), $until, $at, 2, NULL, NULL), (2, $later, zeroblob(32), $until, $at, 2, 'extended', $at);
            """,
            ("$soon", soon), ("$later", later), ("$until", now.AddDays(100).ToUnixTimeMilliseconds()), ("$at", now.ToUnixTimeMilliseconds())), CancellationToken.None);

        // FR's order outbox: one order accepted for DE and IT with DE's confirmation only, one refused by the hub.
        var confirmed = await IssueAsync(soon, now);
        await Fr.Store.AcceptOrderAsync(confirmed, [1], [De.Party, PartyId.Member("IT").Uri]);
        await Fr.Store.RecordConfirmationAsync(confirmed, De.Party, (int)LifecycleOutcome.Applied, [1]);
        var refused = await IssueAsync(later, now);
        await Fr.Store.RefuseOrderAsync(refused, nameof(RejectionReason.RetentionInvalid), "does not extend");

        var clock = new FakeTimeProvider(now);
        using var deDefault = await StatusAsync(De, clock);
        using var deNarrow = await StatusAsync(De, clock, "--days", "5");
        using var frStatus = await StatusAsync(Fr, clock);
        var text = await RunAsync(De, "status");

        var expiring = deDefault.RootElement.GetProperty("lifecycle").GetProperty("expiring");
        Assert.Equal(1, expiring.GetProperty("count").GetInt64());
        var item = Assert.Single(expiring.GetProperty("items").EnumerateArray());
        Assert.Equal(MessageIds.Format(soon), item.GetProperty("messageId").GetString());
        Assert.Equal("FR", item.GetProperty("sender").GetString());
        Assert.Equal(0, deNarrow.RootElement.GetProperty("lifecycle").GetProperty("expiring").GetProperty("count").GetInt64());

        var reviews = deDefault.RootElement.GetProperty("lifecycle").GetProperty("pendingReviews");
        Assert.Equal(1, reviews.GetProperty("count").GetInt64());
        Assert.Equal(MessageIds.Format(soon), Assert.Single(reviews.GetProperty("items").EnumerateArray()).GetProperty("messageId").GetString());

        var lifecycle = frStatus.RootElement.GetProperty("lifecycle");
        var outstanding = Assert.Single(lifecycle.GetProperty("outstandingConfirmations").GetProperty("items").EnumerateArray());
        Assert.Equal("IT", outstanding.GetProperty("holder").GetString());
        Assert.Equal(MessageIds.Format(confirmed), outstanding.GetProperty("orderId").GetString());
        var refusal = Assert.Single(lifecycle.GetProperty("refusedOrders").GetProperty("items").EnumerateArray());
        Assert.Equal("RetentionInvalid", refusal.GetProperty("reason").GetString());

        Assert.Contains("1 stored messages reach their retention date within 30 days", text.Out, StringComparison.Ordinal);
        Assert.Contains($"expiring   {MessageIds.Format(soon)} (inbox #1 from FR)", text.Out, StringComparison.Ordinal);
        Assert.Contains("1 retention reviews undecided", text.Out, StringComparison.Ordinal);
    }

    /// <summary>`status --json` on <paramref name="clock"/> (the window is measured from its now).</summary>
    private async Task<JsonDocument> StatusAsync(TestNode node, TimeProvider clock, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await NodeCommandLine.RunAsync(["status", .. Settings(node), "--json", .. args], stdout, stderr, clock);
        Assert.True(code == NodeCommandLine.Success, $"exit {code}: {stdout}{stderr}");
        return JsonDocument.Parse(stdout.ToString());
    }

    /// <summary>FR's H1 message to DE whose source sets <paramref name="retainUntil"/>, accepted by the hub.</summary>
    private async Task<byte[]> SendToDeAsync(DateTimeOffset retainUntil)
    {
        var now = DateTimeOffset.UtcNow;
        var message = SampleMessages.Realistic(now);
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.RetainUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(retainUntil);
        var id = MessageIds.NewId(now, SystemRandomSource.Instance);
        await Fr.Store.EnqueueAsync(new OutboxItem(id, "operator:test", message.ToByteArray(), [De.Party]));
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        return id;
    }

    private async Task<byte[]> IssueAsync(byte[] messageId, DateTimeOffset now)
    {
        var outbox = (await Fr.Store.FindByMessageIdAsync(messageId)).Outbox!.Entry;
        var recall = LedgerOrders.Recall(Hub.Credentials("FR"), messageId, new byte[32], now);
        var order = LedgerOrders.Parse(recall);
        await Fr.Store.EnqueueOrderAsync(order.OrderId.ToByteArray(), outbox.LocalId, messageId, LifecycleOrders.ActionName(order), "operator:test", recall.ToByteArray());
        return order.OrderId.ToByteArray();
    }
}
