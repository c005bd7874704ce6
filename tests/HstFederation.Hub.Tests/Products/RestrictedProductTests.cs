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
/// A restriction reaches the products already built from the message (docs/intelligence.md, Products after a recall or
/// expiry): the product of a recipient it no longer lets read the message is purged at the hub as a recall purges it —
/// the hub's copy leaves the database and its WAL, its delivery is withdrawn, acknowledged or not, its row stays marked
/// purged, cause "restricted" — and the products of recipients still allowed are untouched. A real hub (mutual TLS,
/// SQLite file) whose product loop carries out an operator's `hst-hub products run`.
/// </summary>
public sealed class RestrictedProductTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await ProductHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private HubStore Store => ProductHub.Store(_hub);

    /// <summary>FR's realistic report (H2) to DE, IT and the hub, then a network report for DE and IT, both built from it.</summary>
    private async Task<SealedEnvelope> SendProductsAsync()
    {
        var fromFr = await SubmitFrAsync(["DE", "IT", PartyId.HubCode], HandlingCode.H2);
        await RunForDeAndItAsync();
        return fromFr;
    }

    private async Task<SealedEnvelope> SubmitFrAsync(string[] to, HandlingCode code)
    {
        var message = SampleMessages.Realistic(TimeProvider.System.GetUtcNow());
        IntelMessages.Address(message, to);
        message.Handling.Code = code;
        var fromFr = new EnvelopeSealer(TimeProvider.System, HandlingPolicy.WithoutRegions).Seal(
            message, _hub.Credentials("FR"), to.Select(party => _hub.Credentials(party).Encryption).ToList(), new SealOptions { Sequence = 1 });
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(fromFr.Bytes.Span) });
        return fromFr;
    }

    private async Task RunForDeAndItAsync()
    {
        var run = await CommandAsync("products", "run", "--kind", "network", "--to", "DE,IT", "--wait", "30", "--json");
        Assert.Equal("done", run.GetProperty("run").GetProperty("state").GetString());
        Assert.Equal(2L, Count($"SELECT count(*) FROM product_sources WHERE hub_sequence = {FrHubSequence}"));
    }

    private Task RestrictAsync(SealedEnvelope message, RestrictionOrder restriction) =>
        LifecycleClient.SendAsync(_hub, "FR", LifecycleClient.Sign(_hub, LifecycleClient.Order(message, "FR", o => o.Restriction = restriction), "FR"));

    private static RestrictionOrder Excluding(string member) => new() { ExcludeMembers = { member } };

    private (long HubSequence, byte[] Envelope) ProductEnvelope(string member) => ProductHub.ProductEnvelope(_hub, member);

    private Task<bool> StreamCarriesAsync(string member, long hubSequence) => ProductHub.StreamCarriesAsync(_hub, member, hubSequence);

    private bool FilesHold(byte[] ciphertext) => ProductHub.FilesHold(_hub, ciphertext);

    private long Count(string sql) => HubInbox.Count(_hub, sql);

    private long FrHubSequence => ProductHub.FrHubSequence(_hub);

    private Task<VerifiedEnvelope> OpenedProductAsync(string member, long hubSequence) => ProductHub.OpenedProductAsync(_hub, member, hubSequence);

    private Task AssertOneNoticeAsync(string member, VerifiedEnvelope product, WithdrawalCause cause, SealedEnvelope source) =>
        ProductHub.AssertOneNoticeAsync(_hub, member, product, cause, source);

    [Fact]
    public async Task Restriction_ExcludingAProductsRecipient_EmptiesTheHubsCopyAndWithdrawsItsDelivery_TheAllowedRecipientsStays()
    {
        var message = await SendProductsAsync();
        var (atIt, itEnvelope) = ProductEnvelope("IT");
        var (atDe, deEnvelope) = ProductEnvelope("DE");
        var (itCiphertext, deCiphertext) = (itEnvelope[^64..], deEnvelope[^64..]);
        Assert.True(FilesHold(itCiphertext), "the hub stores IT's product before the restriction");
        Assert.True(await StreamCarriesAsync("IT", atIt), "IT's product is queued before the restriction");

        await RestrictAsync(message, Excluding("IT"));

        Assert.False(FilesHold(itCiphertext), "the hub's copy of IT's product is gone from the database and its WAL");
        Assert.Empty(ProductEnvelope("IT").Envelope);
        Assert.False(await StreamCarriesAsync("IT", atIt), "IT's product is no longer streamed");
        Assert.Equal(1L, Count($"SELECT count(*) FROM deliveries WHERE hub_sequence = {atIt} AND kind = 1 AND withdrawn_at_ms IS NOT NULL"));
        Assert.Equal(1L, Count(
            $"SELECT count(*) FROM products WHERE recipient = 'urn:hst:member:IT' AND purged_at_ms > 0 AND purge_cause IS NULL AND purged_by = {FrHubSequence}"));
        Assert.Equal(1L, Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.ProductPurge}' AND detail LIKE '%cause=restricted source_sequence={FrHubSequence}'"));

        // DE may still read FR's message: its product is kept, still queued, still in the files.
        Assert.Equal(deEnvelope, ProductEnvelope("DE").Envelope);
        Assert.True(await StreamCarriesAsync("DE", atDe));
        Assert.True(FilesHold(deCiphertext));
        Assert.Equal(1L, Count("SELECT count(*) FROM products WHERE recipient = 'urn:hst:member:DE' AND purged_at_ms IS NULL"));
        Assert.Equal(1L, Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.ProductPurge}'"));
    }

    [Fact]
    public async Task Restriction_ExcludingAProductsRecipient_SendsItOneHubWithdrawalNamingTheProduct_CauseRestricted_TheAllowedRecipientNone()
    {
        var message = await SendProductsAsync();
        var product = await OpenedProductAsync("IT", ProductEnvelope("IT").HubSequence);

        await RestrictAsync(message, Excluding("IT"));

        // IT held FR's message (a product is built only from what its recipient may read), so naming it tells IT nothing new.
        await AssertOneNoticeAsync("IT", product, WithdrawalCause.Restricted, message);
        Assert.Empty(await HubInbox.WithdrawalsAsync(_hub, "DE"));

        // A recall of the same message later withdraws DE's product; IT's is not named again.
        await LifecycleClient.SendAsync(_hub, "FR", LifecycleClient.Sign(_hub, LifecycleClient.Order(message, "FR"), "FR"));
        await AssertOneNoticeAsync("IT", product, WithdrawalCause.Restricted, message);
        Assert.Equal(WithdrawalCause.Recalled, Assert.Single(Assert.Single(await HubInbox.WithdrawalsAsync(_hub, "DE")).Notice.Withdrawn).Cause);
    }

    [Fact]
    public async Task Restriction_ExcludingARecipientThatAcknowledgedItsProduct_StillWithdrawsItsDelivery()
    {
        // As a restriction treats a forwarded envelope: the hub keeps no copy for a recipient that may not read it, and a
        // stream resumed from an older cursor, which sends acknowledged deliveries again, must not send an emptied one.
        var message = await SendProductsAsync();
        var product = (await Inbox.ReceiveAsync(_hub, "IT", 2))[^1];
        var verified = Inbox.OpenContent(_hub, product, "IT").Verified;
        Assert.True(verified.SenderParty.IsHub);
        await DeliveryReceipts.AcknowledgeAsync(_hub, "IT", product, verified);
        var atIt = ProductEnvelope("IT").HubSequence;
        Assert.True(await StreamCarriesAsync("IT", atIt), "an acknowledged delivery is still streamed from an older cursor");

        await RestrictAsync(message, Excluding("IT"));

        Assert.False(await StreamCarriesAsync("IT", atIt));
        Assert.Equal(1L, Count($"SELECT count(*) FROM deliveries WHERE cursor = {product.Cursor} AND acked_at_ms IS NOT NULL AND withdrawn_at_ms IS NOT NULL"));
        Assert.Empty(ProductEnvelope("IT").Envelope);
    }

    [Fact]
    public async Task Restriction_ThatLeavesEveryProductsRecipientItsCopy_PurgesNothing()
    {
        // H2 → H3 leaves direct recipients their copies, and ES received neither the message nor a product.
        var message = await SendProductsAsync();
        var (itEnvelope, deEnvelope) = (ProductEnvelope("IT").Envelope, ProductEnvelope("DE").Envelope);

        await RestrictAsync(message, new RestrictionOrder { Code = HandlingCode.H3, ExcludeMembers = { "ES" } });

        Assert.Equal(0L, Count("SELECT count(*) FROM products WHERE purged_at_ms IS NOT NULL"));
        Assert.Equal(0L, Count($"SELECT count(*) FROM audit WHERE action = '{AuditActions.ProductPurge}'"));
        Assert.Equal(itEnvelope, ProductEnvelope("IT").Envelope);
        Assert.Equal(deEnvelope, ProductEnvelope("DE").Envelope);
        Assert.True(await StreamCarriesAsync("IT", ProductEnvelope("IT").HubSequence));
        Assert.True(await StreamCarriesAsync("DE", ProductEnvelope("DE").HubSequence));
    }

    [Fact]
    public async Task Restriction_ToACodeThatForbidsForwardedCopies_PurgesTheProductOfTheMemberAReleaseAdded_NotTheDirectRecipients()
    {
        // FR's H0 report to DE and the hub, forwarded to IT on a release: both products are built from it. H3 lets the
        // direct recipient keep its copy, not the forwarded one (LifecycleRules.MayKeep).
        var message = await SubmitFrAsync(["DE", PartyId.HubCode], HandlingCode.H0);
        var hub = _hub.Credentials(PartyId.HubCode);
        var verifier = new EnvelopeVerifier(_hub.Trust, HandlingPolicy.WithoutRegions);
        var atHub = new EnvelopeOpener(verifier).Open(message.Bytes.ToArray(), hub).GetValueOrThrow();
        StoreForward("IT", new EnvelopeForwarder(verifier, TimeProvider.System).Forward(atHub, hub, [_hub.Credentials("IT").Encryption]).GetValueOrThrow().Bytes.ToArray());
        await RunForDeAndItAsync();
        var (itCiphertext, deEnvelope) = (ProductEnvelope("IT").Envelope[^64..], ProductEnvelope("DE").Envelope);

        await RestrictAsync(message, new RestrictionOrder { Code = HandlingCode.H3 });

        Assert.False(FilesHold(itCiphertext));
        Assert.Equal(1L, Count($"SELECT count(*) FROM products WHERE recipient = 'urn:hst:member:IT' AND purged_at_ms > 0 AND purge_cause IS NULL AND purged_by = {FrHubSequence}"));
        Assert.Equal(deEnvelope, ProductEnvelope("DE").Envelope);
        Assert.Equal(1L, Count("SELECT count(*) FROM products WHERE recipient = 'urn:hst:member:DE' AND purged_at_ms IS NULL"));
    }

    [Fact]
    public async Task ProductsList_AfterARestrictionExcludedARecipient_ShowsItsProductPurgedAsRestricted_TheOtherSent()
    {
        var message = await SendProductsAsync();
        await RestrictAsync(message, Excluding("IT"));

        var products = (await CommandAsync("products", "list", "--json")).GetProperty("products").EnumerateArray()
            .ToDictionary(p => p.GetProperty("recipient").GetString()!);
        var text = await CommandTextAsync("products", "list");

        var it = products[PartyId.Member("IT").Uri];
        Assert.Equal(("purged", "restricted"), (it.GetProperty("state").GetString(), it.GetProperty("purgeCause").GetString()));
        Assert.Equal(JsonValueKind.String, it.GetProperty("purgedAt").ValueKind);
        Assert.Equal(
            (PartyId.Member("FR").Uri, MessageIds.Format(message.Header.MessageId.Span)),
            (it.GetProperty("purgedBy").GetProperty("sender").GetString(), it.GetProperty("purgedBy").GetProperty("messageId").GetString()));
        var de = products[PartyId.Member("DE").Uri];
        Assert.Equal(("sent", JsonValueKind.Null), (de.GetProperty("state").GetString(), de.GetProperty("purgeCause").ValueKind));
        Assert.Contains($": FR's {MessageIds.Format(message.Header.MessageId.Span)} restricted", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_ProductStoredBeforeMigration10_WhoseRecipientARestrictionExcluded_IsPurgedWhenItsSourcesAreRecorded()
    {
        var message = await SendProductsAsync();
        var (atIt, itEnvelope) = ProductEnvelope("IT");
        var (itCiphertext, deEnvelope) = (itEnvelope[^64..], ProductEnvelope("DE").Envelope);
        using (var connection = new SqliteConnection($"Data Source={Store.Database.Path}"))
        {
            // As a hub before migration 10 left them: no product's sources recorded, so the restriction finds none to purge.
            connection.Open();
            connection.Execute("DELETE FROM product_sources;");
        }

        await RestrictAsync(message, Excluding("IT"));
        Assert.Equal(itEnvelope, ProductEnvelope("IT").Envelope);

        _hub = await _hub.RestartAsync();
        await Wait.UntilAsync(() => Count("SELECT count(*) FROM product_sources") == 2 && Count("SELECT count(*) FROM products WHERE purged_at_ms IS NOT NULL") == 1);

        Assert.Equal(1L, Count($"SELECT count(*) FROM products WHERE recipient = 'urn:hst:member:IT' AND purge_cause IS NULL AND purged_by = {FrHubSequence}"));
        Assert.Empty(ProductEnvelope("IT").Envelope);
        Assert.False(await StreamCarriesAsync("IT", atIt));
        await Wait.UntilAsync(() => !FilesHold(itCiphertext));
        Assert.Equal(deEnvelope, ProductEnvelope("DE").Envelope);
    }

    /// <summary>What Hub.Release leaves behind: the forwarded envelope for one new recipient (foreign keys off: no hit row), as ProductForwardTests stores it.</summary>
    private void StoreForward(string recipient, byte[] forwarded)
    {
        using var connection = new SqliteConnection($"Data Source={Store.Database.Path};Pooling=False");
        connection.Open();
        connection.Execute("PRAGMA foreign_keys = OFF;");
        connection.Execute(
            """
            INSERT INTO forwards (hub_sequence, recipient, envelope, hit_id, released_by, forwarded_at_ms)
            VALUES ((SELECT hub_sequence FROM messages WHERE sender = 'urn:hst:member:FR'), $recipient, $envelope, zeroblob(16), 'urn:hst:member:FR', 0);
            """,
            ("$recipient", PartyId.Member(recipient).Uri), ("$envelope", forwarded));
    }

    private Task<JsonElement> CommandAsync(params string[] args) => ProductHub.CommandAsync(_hub, args);

    private Task<string> CommandTextAsync(params string[] args) => ProductHub.CommandTextAsync(_hub, args);
}
