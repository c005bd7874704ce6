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

namespace HstFederation.Node.Tests.Lifecycle;

/// <summary>
/// A holder's confirmation of an order the hub issued itself (the expiry, docs/lifecycle.md §4), relayed to the message's
/// source: FR sends to DE with a retention date a day ahead, the hub (its retention schedule run by the test on the shared
/// fake clock) expires it, DE purges and confirms, and FR records DE's confirmation against the hub-signed order the hub
/// relays with it, rather than quarantining it as a confirmation of no order FR issued. A relayed order not signed by the
/// hub is still refused. FR's `ledger` and `show` list the hub's order with DE's confirmation.
/// </summary>
public sealed class HubExpiryConfirmationTests() : CommandLineTestBase(Clock, NeverWaitingOnTheClock, "--Hub:Retention:Enabled=false")
{
    // xunit makes one instance per test; the constructor argument is evaluated once per instance.
    private static FakeTimeProvider Clock => new(TimeProvider.System.GetUtcNow());

    private FakeTimeProvider Time => (FakeTimeProvider)Hub.Time;

    private DateTimeOffset _retainUntil;

    [Fact]
    public async Task Expiry_DeConfirmsPurged_FrRecordsItAgainstTheHubSignedOrder_AndQuarantinesNothing()
    {
        var messageId = await SendRetainedForADayAsync();
        Fr.StartSubscriber();

        await ExpireAtTheHubAsync(messageId);

        await Eventually.TrueAsync(() => Task.FromResult(RelayedConfirmationsAcknowledged() == 1), "FR acknowledges DE's relayed confirmation");
        Assert.Empty(await Fr.Store.QuarantinedAsync());
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM hub_order_confirmations WHERE holder = '{De.Party}' AND action = 'expiry' AND outcome = 1;"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'lifecycle-confirmed';"));
        // The evidence kept is the hub-signed order and DE's signed confirmation of exactly it.
        var (order, confirmation) = StoredEvidence();
        Assert.Equal(PartyId.Hub, LifecycleOrders.Verify(order, Hub.Trust).Value!.Signer.Party);
        Assert.True(LifecycleConfirmations.Verify(confirmation, order, PartyId.Member("DE"), Hub.Trust).IsSuccess);
        // The hub keeps it on DE's row of the order too (its ledger).
        Assert.Equal(1, Hub.Count("SELECT COUNT(*) FROM lifecycle_holders WHERE outcome = 1 AND confirmation IS NOT NULL;"));
    }

    [Fact]
    public async Task Expiry_AfterFrsOwnSweepPurgedItsCopy_IsRecordedAgainstTheTombstonesHeaderHash()
    {
        var messageId = await SendRetainedForADayAsync();
        Time.SetUtcNow(_retainUntil);
        // FR's node purges its own outbox copy at the date, hub or no hub: the kept envelope is gone, its tombstone stays.
        Assert.Equal(1, await Fr.Store.SweepRetentionAsync(Fr.Party));
        Fr.StartSubscriber();

        await ExpireAtTheHubAsync(messageId);

        await Eventually.TrueAsync(() => Task.FromResult(RelayedConfirmationsAcknowledged() == 1), "FR acknowledges DE's relayed confirmation");
        Assert.Empty(await Fr.Store.QuarantinedAsync());
        Assert.Equal(1, Fr.Count($"SELECT COUNT(*) FROM hub_order_confirmations WHERE holder = '{De.Party}' AND outcome = 1;"));
    }

    [Fact]
    public async Task Expiry_FrsLedgerAndShow_ListTheHubSignedOrder_WithDesConfirmation_InTextAndJson()
    {
        var messageId = await SendRetainedForADayAsync();
        Fr.StartSubscriber();
        await ExpireAtTheHubAsync(messageId);
        await Eventually.TrueAsync(() => Task.FromResult(RelayedConfirmationsAcknowledged() == 1), "FR acknowledges DE's relayed confirmation");
        var (signed, _) = StoredEvidence();
        var order = LifecycleOrder.Parser.ParseFrom(signed.Statement);
        var orderId = MessageIds.Format(order.OrderId.Span);
        var id = MessageIds.Format(messageId);

        var ledger = await RunAsync(Fr, "ledger", id);
        var ledgerJson = await RunAsync(Fr, "ledger", id, "--json");
        var show = await RunAsync(Fr, "show", id);
        var showJson = await RunAsync(Fr, "show", id, "--json");

        Assert.True(ledger.ExitCode == NodeCommandLine.Success, ledger.ToString());
        Assert.Contains(
            $"  order {orderId} expiry of {Display.Time(_retainUntil)}, issued {Display.Time(order.IssuedAtMs)} by the hub ({PartyId.Hub.Uri}); " +
            "1 holder confirmation(s) relayed with it", ledger.Out, StringComparison.Ordinal);
        Assert.Matches(@"\n    DE     confirmed purged \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\r?\n", ledger.Out);
        using (var json = JsonDocument.Parse(ledgerJson.Out))
        {
            var sent = json.RootElement.GetProperty("sent");
            Assert.Empty(sent.GetProperty("orders").EnumerateArray());
            var hubOrder = Assert.Single(sent.GetProperty("hubOrders").EnumerateArray());
            Assert.Equal(orderId, hubOrder.GetProperty("orderId").GetString());
            Assert.Equal("expiry", hubOrder.GetProperty("action").GetString());
            Assert.Equal($"expiry of {Display.Time(_retainUntil)}", hubOrder.GetProperty("terms").GetString());
            Assert.Equal(PartyId.Hub.Uri, hubOrder.GetProperty("issuer").GetString());
            Assert.Equal(order.IssuedAtMs, hubOrder.GetProperty("issuedAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
            var holder = Assert.Single(hubOrder.GetProperty("holders").EnumerateArray());
            Assert.Equal("DE", holder.GetProperty("party").GetString());
            Assert.Equal("purged", holder.GetProperty("outcome").GetString());
            Assert.Equal(ConfirmedAtMs(), holder.GetProperty("confirmedAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        }

        Assert.True(show.ExitCode == NodeCommandLine.Success, show.ToString());
        Assert.Contains($"  expiry order {orderId} (issued {Display.Time(order.IssuedAtMs)} by the hub ({PartyId.Hub.Uri})): 1 holder(s): DE confirmed purged", show.Out, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(showJson.Out))
        {
            var hubOrder = Assert.Single(json.RootElement.GetProperty("outbox").GetProperty("hubOrders").EnumerateArray());
            Assert.Equal(orderId, hubOrder.GetProperty("orderId").GetString());
            Assert.Equal("expiry", hubOrder.GetProperty("action").GetString());
            var holder = Assert.Single(hubOrder.GetProperty("holders").EnumerateArray());
            Assert.Equal("DE", holder.GetProperty("holder").GetString());
            Assert.Equal("Purged", holder.GetProperty("outcome").GetString());
            Assert.Equal(ConfirmedAtMs(), holder.GetProperty("confirmedAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        }
    }

    [Fact]
    public async Task RelayedOrder_NotSignedByTheHub_IsQuarantinedWithTheConfirmation_NothingRecorded()
    {
        var messageId = await SendRetainedForADayAsync();
        await ExpireAtTheHubAsync(messageId);
        // What a compromised hub database could relay: the same order bytes, signed by a member instead of the hub.
        Hub.ReplaceSignedOrders(signed =>
            LifecycleOrders.Sign(LifecycleOrder.Parser.ParseFrom(SignedStatement.Parser.ParseFrom(signed).Statement), Hub.Credentials("DE")).ToByteArray());
        Fr.StartSubscriber();

        await Eventually.TrueAsync(() => Task.FromResult(RelayedConfirmationsAcknowledged() == 1), "FR acknowledges the relayed confirmation");
        var quarantined = Assert.Single(await Fr.Store.QuarantinedAsync());
        Assert.Equal(nameof(RejectionReason.ConfirmationInvalid), quarantined.Reason);
        Assert.Contains("the hub's order", quarantined.Detail, StringComparison.Ordinal);
        Assert.Equal(0, Fr.Count("SELECT COUNT(*) FROM hub_order_confirmations;"));
    }

    /// <summary>FR sends DE an H1 message to be kept one day; returns its id once DE stored it.</summary>
    private async Task<byte[]> SendRetainedForADayAsync()
    {
        var now = Time.GetUtcNow();
        var message = SampleMessages.Realistic(now);
        message.Handling.Code = HandlingCode.H1;
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.HubMayRead = false;
        _retainUntil = now.AddDays(1);
        message.Handling.RetainUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(_retainUntil);
        var queued = await Fr.Store.EnqueueAsync(new OutboxItem(
            MessageIds.NewId(now, SystemRandomSource.Instance), "operator:test", message.ToByteArray(), [De.Party]));
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        De.StartSubscriber();
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, queued.MessageId) is not null, "DE stores the message");
        return queued.MessageId;
    }

    /// <summary>Moves the clock to the retention date (if not there yet), runs the hub's schedule, and waits for DE's purge confirmation to reach the hub.</summary>
    private async Task ExpireAtTheHubAsync(byte[] messageId)
    {
        if (Time.GetUtcNow() < _retainUntil)
        {
            Time.SetUtcNow(_retainUntil);
        }

        await Hub.RunRetentionAsync();
        Assert.Equal(1, Hub.Count("SELECT COUNT(*) FROM lifecycle_orders WHERE action = 'expiry';"));
        await Eventually.TrueAsync(async () => await De.Store.TombstoneAsync(messageId) is not null, "DE purges its copy on the hub's expiry");
        await Eventually.TrueAsync(
            () => Task.FromResult(Hub.Count("SELECT COUNT(*) FROM lifecycle_holders WHERE outcome IS NOT NULL;") == 1), "the hub records DE's confirmation");
    }

    private long RelayedConfirmationsAcknowledged() =>
        Hub.Count($"SELECT COUNT(*) FROM deliveries WHERE recipient = '{Fr.Party}' AND kind = 4 AND acked_at_ms IS NOT NULL;");

    private long ConfirmedAtMs() => Fr.Count("SELECT confirmed_at_ms FROM hub_order_confirmations;");

    private (SignedStatement Order, SignedStatement Confirmation) StoredEvidence()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Fr.Store.Database.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT order_statement, confirmation FROM hub_order_confirmations;";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (SignedStatement.Parser.ParseFrom((byte[])reader[0]), SignedStatement.Parser.ParseFrom((byte[])reader[1]));
    }
}
