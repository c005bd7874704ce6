using Grpc.Core;
using HstFederation.Node.HubLink;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// GetLedger carries the orders the hub issued itself about the NCB's message (the expiry, docs/lifecycle.md §4) with the
/// holders' confirmations it relayed, as `hst-node ledger --json`'s hubOrders: an agency submits to DE through FR's node as
/// `serve` runs it (real listener, real hub link), the hub (its retention schedule run by the test on the clock it shares
/// with both nodes) expires the message, DE purges and confirms, and FR's node records the confirmation the hub relays.
/// </summary>
public sealed class AgencyLedgerHubOrderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());

    private TestHub _hub = null!;
    private AgencyNode _node = null!;
    private TestNode _de = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync(_time, "--Hub:Retention:Enabled=false");
        _node = await AgencyNode.StartAsync(_hub, _time);
        // On a fake clock: no backoff to wait out, every acknowledgement (DE's confirmation rides on it) sent at once.
        _de = TestNode.Create(_hub, "DE", _time, new HubLinkOptions { RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero, SubmitAttempts = 1, AckBatchSize = 1 });
    }

    public async Task DisposeAsync()
    {
        await _de.DisposeAsync();
        await _node.DisposeAsync();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task GetLedger_OfItsSubmissionExpiredByTheHub_ListsTheHubsOrderWithDesConfirmation_OnlyToWhomTheSentLedgerIsShown()
    {
        var submitter = await _node.RegisterAsync("coast-guard", Scopes.SubmitAndReadAll);
        var reader = await _node.RegisterAsync("analysts", Scopes.ReadOnly("all", "all"));
        var client = _node.Grpc(submitter.Certificate, out var channel);
        using var _ = channel;
        var readerClient = _node.Grpc(reader.Certificate, out var readerChannel);
        using var __ = readerChannel;
        var retainUntil = _time.GetUtcNow().AddDays(1);
        var submitted = await client.SubmitAsync(new AgencySubmitRequest { Message = RetainedUntil(retainUntil), Members = { "DE" } });
        var id = Guid.Parse(submitted.MessageId).ToByteArray(bigEndian: true);
        _de.StartSubscriber();
        await Eventually.TrueAsync(async () => await _de.Store.GetReceivedAsync(_node.Party, id) is not null, "DE stores the message");
        var request = new AgencyGetLedgerRequest { MessageId = submitted.MessageId };
        // Held and inside the reader's scope: its sent ledger, with no hub order yet.
        Assert.Empty((await readerClient.GetLedgerAsync(request)).Sent.HubOrders);

        // The retention date: the hub expires it, DE purges its copy and confirms, the hub relays DE's confirmation to FR.
        _time.SetUtcNow(retainUntil);
        await _hub.RunRetentionAsync();
        await Eventually.TrueAsync(async () => await _de.Store.TombstoneAsync(id) is not null, "DE purges its copy on the hub's expiry");
        await Eventually.TrueAsync(() => Task.FromResult(Count("SELECT COUNT(*) FROM hub_order_confirmations;") == 1), "FR records DE's relayed confirmation");
        var (orderId, confirmedAt) = StoredConfirmation();

        // FR's own sweep purges its copy at the date (the node's schedule may have done it already, as the clock moved).
        await _node.Store.SweepRetentionAsync(_node.Party);

        var ledger = await client.GetLedgerAsync(request);
        var hidden = await Assert.ThrowsAsync<RpcException>(async () => await readerClient.GetLedgerAsync(request));

        var order = Assert.Single(ledger.Sent.HubOrders);
        Assert.Equal(MessageIds.Format(orderId), order.OrderId);
        Assert.Equal("expiry", order.Action);
        Assert.Equal(PartyId.Hub.Uri, order.Issuer);
        Assert.Equal(PartyId.Hub.Uri, order.Order.Issuer);
        Assert.Equal(retainUntil.ToUnixTimeMilliseconds(), order.IssuedAt.ToDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(submitted.MessageId, MessageIds.Format(order.Order.MessageId.Span));
        var holder = Assert.Single(order.Holders);
        Assert.Equal((_de.Party, LifecycleOutcome.Purged), (holder.Party, holder.Outcome));
        Assert.Equal(confirmedAt, holder.ConfirmedAt.ToDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Empty(ledger.Sent.Orders);
        Assert.NotNull(ledger.Sent.Lifecycle.PurgedAt);
        // The submitter follows its message to the end; the reader, who saw the sent ledger while FR's copy was held, no
        // longer sees it at all (a purged copy's scope can no longer be judged), the hub's order with it.
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        Assert.StartsWith("MESSAGE_NOT_FOUND", hidden.Status.Detail, StringComparison.Ordinal);
    }

    private static HstMessage RetainedUntil(DateTimeOffset retainUntil)
    {
        var message = SampleMessages.Realistic(retainUntil.AddDays(-1));
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.HubMayRead = false;
        message.Handling.RetainUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(retainUntil);
        return message;
    }

    private long Count(string sql)
    {
        using var connection = _node.Store.Database.OpenReadConnection();
        return (long)connection.Scalar(sql)!;
    }

    /// <summary>The order id and DE's confirmation time FR's node stored with the relayed confirmation.</summary>
    private (byte[] OrderId, long ConfirmedAtMs) StoredConfirmation()
    {
        using var connection = _node.Store.Database.OpenReadConnection();
        using var command = connection.Command("SELECT order_id, confirmed_at_ms FROM hub_order_confirmations;");
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return ((byte[])reader[0], reader.GetInt64(1));
    }
}
