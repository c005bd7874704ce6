using System.Text.Json;
using Google.Protobuf;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Hub.Tests.Lifecycle;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Tests.Products;

/// <summary>
/// A recall of a source reaches the products built from it (docs/intelligence.md, Products after a recall or expiry):
/// the hub's copy of each such product leaves the database and its WAL, its queued delivery is withdrawn, its row stays
/// marked purged; a product not built from it is untouched. Products stored before migration 10 get their sources
/// recorded in the product loop's first turn, and one whose source was recalled before then is purged there. A real hub
/// (mutual TLS, SQLite file) whose product loop carries out an operator's `hst-hub products run`.
/// </summary>
public sealed class PurgedProductTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await ProductHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private HubStore Store => ProductHub.Store(_hub);

    /// <summary>
    /// FR's message to DE, IT and the hub (IT's product is built from it), DE's to ES and the hub (ES's product is built
    /// from it), then a network report for IT and ES, carried out by the hub's loop; returns FR's sealed message.
    /// </summary>
    private async Task<SealedEnvelope> SendProductsAsync()
    {
        var message = SampleMessages.Realistic(TimeProvider.System.GetUtcNow());
        IntelMessages.Address(message, ["DE", "IT", PartyId.HubCode]);
        var fromFr = new EnvelopeSealer(TimeProvider.System, HandlingPolicy.WithoutRegions).Seal(
            message, _hub.Credentials("FR"), new[] { "DE", "IT", PartyId.HubCode }.Select(code => _hub.Credentials(code).Encryption).ToList(),
            new SealOptions { Sequence = 1 });
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(fromFr.Bytes.Span) });
        await _hub.Client("DE").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "DE", ["ES", PartyId.HubCode])) });
        var run = await CommandAsync("products", "run", "--kind", "network", "--to", "IT,ES", "--wait", "30", "--json");
        Assert.Equal("done", run.GetProperty("run").GetProperty("state").GetString());
        return fromFr;
    }

    private Task RecallAsync(SealedEnvelope message) =>
        LifecycleClient.SendAsync(_hub, "FR", LifecycleClient.Sign(_hub, LifecycleClient.Order(message, "FR"), "FR"));

    private (long HubSequence, byte[] Envelope) ProductEnvelope(string member) => ProductHub.ProductEnvelope(_hub, member);

    private Task<bool> StreamCarriesAsync(string member, long hubSequence) => ProductHub.StreamCarriesAsync(_hub, member, hubSequence);

    private bool FilesHold(byte[] ciphertext) => ProductHub.FilesHold(_hub, ciphertext);

    private long Count(string sql) => HubInbox.Count(_hub, sql);

    private long FrHubSequence => ProductHub.FrHubSequence(_hub);

    private Task<VerifiedEnvelope> OpenedProductAsync(string member, long hubSequence) => ProductHub.OpenedProductAsync(_hub, member, hubSequence);

    private Task AssertOneNoticeAsync(string member, VerifiedEnvelope product, WithdrawalCause cause, SealedEnvelope source) =>
        ProductHub.AssertOneNoticeAsync(_hub, member, product, cause, source);

    [Fact]
    public async Task Recall_OfAProductsSource_EmptiesTheHubsCopyAndWithdrawsItsDelivery_AProductNotBuiltFromItStays()
    {
        var message = await SendProductsAsync();
        var (atIt, itEnvelope) = ProductEnvelope("IT");
        var (atEs, esEnvelope) = ProductEnvelope("ES");
        var (itCiphertext, esCiphertext) = (itEnvelope[^64..], esEnvelope[^64..]);
        Assert.True(FilesHold(itCiphertext), "the hub stores IT's product before the recall");
        Assert.True(await StreamCarriesAsync("IT", atIt), "IT's product is queued before the recall");

        await RecallAsync(message);

        Assert.False(FilesHold(itCiphertext), "the hub's copy of IT's product is gone from the database and its WAL");
        Assert.Empty(ProductEnvelope("IT").Envelope);
        Assert.False(await StreamCarriesAsync("IT", atIt), "IT's product is no longer streamed");
        Assert.Equal(1L, Count($"SELECT count(*) FROM deliveries WHERE hub_sequence = {atIt} AND kind = 1 AND withdrawn_at_ms IS NOT NULL"));
        Assert.Equal(1L, Count(
            $"SELECT count(*) FROM products WHERE recipient = 'urn:hst:member:IT' AND purged_at_ms > 0 AND purge_cause = 2 AND purged_by = {FrHubSequence}"));
        Assert.Equal(1L, Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.ProductPurge}' AND detail LIKE '%cause=recalled source_sequence={FrHubSequence}'"));

        // ES's product holds nothing of FR's message: kept, still queued, still in the files.
        Assert.Equal(esEnvelope, ProductEnvelope("ES").Envelope);
        Assert.True(await StreamCarriesAsync("ES", atEs));
        Assert.True(FilesHold(esCiphertext));
        Assert.Equal(1L, Count("SELECT count(*) FROM products WHERE recipient = 'urn:hst:member:ES' AND purged_at_ms IS NULL"));
    }

    [Fact]
    public async Task Recall_OfAProductsSource_SendsItsRecipientOneHubWithdrawalNamingTheProduct_TheOtherRecipientNone()
    {
        var message = await SendProductsAsync();
        var atIt = ProductEnvelope("IT").HubSequence;
        var product = await OpenedProductAsync("IT", atIt);

        await RecallAsync(message);

        await AssertOneNoticeAsync("IT", product, WithdrawalCause.Recalled, message);
        Assert.Empty(await HubInbox.WithdrawalsAsync(_hub, "ES"));
        Assert.Equal(1L, Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.HubWithdrawal}' AND detail = 'hub_sequence={FrHubSequence} to=urn:hst:member:IT cause=recalled withdrawn=1 messages={atIt} notice_hub_sequence=' || (SELECT max(hub_sequence) FROM messages)"));
    }

    [Fact]
    public async Task Acknowledge_OfAProductStreamedBeforeARecallPurgedIt_IsAccepted_TheNodesCursorIsNotStuck()
    {
        // IT's node has the product from its stream (after FR's message) and acknowledges it only after the recall
        // emptied the hub's copy: the hub can no longer hash the header it delivered, yet must not refuse the receipt,
        // or the node would retry the same batch for ever without moving its cursor.
        var message = await SendProductsAsync();
        var product = (await Inbox.ReceiveAsync(_hub, "IT", 2))[^1];
        var verified = Inbox.OpenContent(_hub, product, "IT").Verified;
        Assert.True(verified.SenderParty.IsHub);
        await RecallAsync(message);
        Assert.Empty(ProductEnvelope("IT").Envelope);

        await DeliveryReceipts.AcknowledgeAsync(_hub, "IT", product, verified);

        Assert.Equal(1L, Count($"SELECT count(*) FROM deliveries WHERE cursor = {product.Cursor} AND acked_at_ms IS NOT NULL"));
    }

    [Fact]
    public async Task ProductsList_AfterARecallOfASource_ShowsThatProductPurgedWithWhenAndWhy_TheOtherSent()
    {
        var message = await SendProductsAsync();
        await RecallAsync(message);

        var products = (await CommandAsync("products", "list", "--json")).GetProperty("products").EnumerateArray()
            .ToDictionary(p => p.GetProperty("recipient").GetString()!);
        var text = await CommandTextAsync("products", "list");

        var it = products[PartyId.Member("IT").Uri];
        Assert.Equal(("purged", "recalled"), (it.GetProperty("state").GetString(), it.GetProperty("purgeCause").GetString()));
        Assert.Equal(JsonValueKind.String, it.GetProperty("purgedAt").ValueKind);
        Assert.Equal(
            (PartyId.Member("FR").Uri, MessageIds.Format(message.Header.MessageId.Span)),
            (it.GetProperty("purgedBy").GetProperty("sender").GetString(), it.GetProperty("purgedBy").GetProperty("messageId").GetString()));
        var es = products[PartyId.Member("ES").Uri];
        Assert.Equal(("sent", JsonValueKind.Null), (es.GetProperty("state").GetString(), es.GetProperty("purgedBy").ValueKind));
        Assert.Contains($": FR's {MessageIds.Format(message.Header.MessageId.Span)} recalled", text, StringComparison.Ordinal);
        Assert.Contains("STATE", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_ProductsStoredBeforeMigration10_TheirSourcesAreRecorded_OneWhoseSourceWasRecalledIsPurged()
    {
        var message = await SendProductsAsync();
        var (atIt, itEnvelope) = ProductEnvelope("IT");
        var itCiphertext = itEnvelope[^64..];
        var product = await OpenedProductAsync("IT", atIt);
        using (var connection = new SqliteConnection($"Data Source={Store.Database.Path}"))
        {
            // As a hub before migration 10 left them: no product's sources recorded. The loop's first turn (before the
            // run it carried out) is past, so nothing records them again until the next start.
            connection.Open();
            connection.Execute("DELETE FROM product_sources;");
        }

        await RecallAsync(message);
        Assert.Equal(itEnvelope, ProductEnvelope("IT").Envelope);

        _hub = await _hub.RestartAsync();
        await Wait.UntilAsync(() => Count("SELECT count(*) FROM product_sources") == 2 && Count("SELECT count(*) FROM products WHERE purged_at_ms IS NOT NULL") == 1);

        Assert.Equal(1L, Count($"SELECT count(*) FROM product_sources s JOIN products p USING (product_id) WHERE p.recipient = 'urn:hst:member:IT' AND s.hub_sequence = {FrHubSequence}"));
        Assert.Equal(1L, Count($"SELECT count(*) FROM products WHERE recipient = 'urn:hst:member:IT' AND purge_cause = 2 AND purged_by = {FrHubSequence}"));
        Assert.Empty(ProductEnvelope("IT").Envelope);
        Assert.False(await StreamCarriesAsync("IT", atIt));
        await Wait.UntilAsync(() => !FilesHold(itCiphertext));
        Assert.Equal(1L, Count("SELECT count(*) FROM products p JOIN messages m ON m.message_id = p.message_id WHERE p.recipient = 'urn:hst:member:ES' AND p.purged_at_ms IS NULL AND length(m.envelope) > 0"));

        // IT is told in the backfill's transaction, as the recall would have told it.
        await AssertOneNoticeAsync("IT", product, WithdrawalCause.Recalled, message);
    }

    [Fact]
    public async Task Restart_TheBackfillFails_ProductRunsGoOn_AndTheProductIsRecordedOnceTheFaultIsGone()
    {
        await SendProductsAsync();
        const string ItsProduct = "(SELECT product_id FROM products WHERE recipient = 'urn:hst:member:IT')";
        using (var connection = new SqliteConnection($"Data Source={Store.Database.Path}"))
        {
            // As a hub before migration 10 left them, and a store fault on IT's product: its backfill transaction aborts.
            connection.Open();
            connection.Execute("DELETE FROM product_sources;");
            connection.Execute(
                $"CREATE TRIGGER injected_fault BEFORE INSERT ON product_sources WHEN NEW.product_id = {ItsProduct} BEGIN SELECT RAISE(ABORT, 'injected fault'); END;");
        }

        _hub = await _hub.RestartAsync();
        var run = await CommandAsync("products", "run", "--kind", "network", "--to", "ES", "--wait", "30", "--json");

        Assert.Equal("done", run.GetProperty("run").GetProperty("state").GetString());
        Assert.Contains(_hub.Logs.Entries, e => e.EventId == 708);
        Assert.Equal(0L, Count($"SELECT count(*) FROM product_sources WHERE product_id = {ItsProduct}"));

        using (var connection = new SqliteConnection($"Data Source={Store.Database.Path}"))
        {
            connection.Open();
            connection.Execute("DROP TRIGGER injected_fault;");
        }

        _hub = await _hub.RestartAsync();
        await Wait.UntilAsync(() => Count($"SELECT count(*) FROM product_sources WHERE product_id = {ItsProduct}") == 1);
    }

    private Task<JsonElement> CommandAsync(params string[] args) => ProductHub.CommandAsync(_hub, args);

    private Task<string> CommandTextAsync(params string[] args) => ProductHub.CommandTextAsync(_hub, args);
}
