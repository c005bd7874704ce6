using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Google.Protobuf;
using Grpc.Core;
using HstFederation.Node.Agency;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Node.Tests.Intelligence;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// The hub's hits and products on the agency API (ListHits, ReleaseHit, ListProducts, GetProduct) of FR's node as `serve`
/// runs it, with hits and products really sent by the in-process hub and received by the node's own hub link.
/// </summary>
public sealed class AgencyIntelligenceTests : AgencyTestBase
{
    [Fact]
    public async Task ListHits_ShowsAnAgencyTheHitsOnItsOwnSubmissions_AndOnMessagesInItsReadScope_Only()
    {
        var police = await Node.RegisterAsync("police", new AgencyScope(true, false, ScopeSet<HandlingCode>.None, ScopeSet<CrimeType>.None));
        var border = await Node.RegisterAsync("border", Scopes.ReadOnly("H0,H1", "all"));
        var policeClient = Node.Grpc(police.Certificate, out var policeChannel);
        using var _ = policeChannel;
        var borderClient = Node.Grpc(border.Certificate, out var borderChannel);
        using var __ = borderChannel;
        var own = await policeClient.SubmitAsync(new AgencySubmitRequest { Message = DirectExchange(HandlingCode.H3), Members = { "DE" } });
        var inScope = await EnqueueAsync(HandlingCode.H1);
        var outOfScope = await EnqueueAsync(HandlingCode.H3);
        var onOwn = await HitAsync(Id(own.MessageId));
        var onInScope = await HitAsync(inScope);
        var onOutOfScope = await HitAsync(outOfScope);

        var policeHits = await policeClient.ListHitsAsync(new AgencyListRequest());
        var borderHits = await borderClient.ListHitsAsync(new AgencyListRequest());

        Assert.Equal([Hex(onOwn)], policeHits.Hits.Select(h => h.HitId));
        Assert.Equal([Hex(onInScope)], borderHits.Hits.Select(h => h.HitId));
        var hit = borderHits.Hits[0];
        Assert.Equal(onInScope, hit.Notification);
        Assert.Equal(MessageIds.Format(inScope), hit.YourMessageId);
        Assert.Equal(HitReleaseState.NotReleased, hit.ReleaseState);
        Assert.DoesNotContain(Hex(onOutOfScope), policeHits.Hits.Concat(borderHits.Hits).Select(h => h.HitId));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM audit WHERE actor = '{border.Actor}' AND action = 'list' AND detail = 'hits returned=1';"));
    }

    [Fact]
    public async Task ReleaseHit_NeedsMayRelease_AHitTheAgencyMayNotSeeIsNotFound_AndARefusalIsRecordedWithItsReason()
    {
        var reader = await Node.RegisterAsync("reader", Scopes.ReadOnly("H1", "all"));
        var releaser = await Node.RegisterAsync("releaser", Scopes.ReadOnly("H1", "all") with { MayRelease = true });
        var readerClient = Node.Grpc(reader.Certificate, out var readerChannel);
        using var _ = readerChannel;
        var client = Node.Grpc(releaser.Certificate, out var channel);
        using var __ = channel;
        var visible = await HitAsync(await EnqueueAsync(HandlingCode.H1), releasable: false);
        var hidden = await HitAsync(await EnqueueAsync(HandlingCode.H3));

        var denied = await Assert.ThrowsAsync<RpcException>(async () => await readerClient.ReleaseHitAsync(new AgencyReleaseHitRequest { HitId = Hex(visible) }));
        var notVisible = await Assert.ThrowsAsync<RpcException>(async () => await client.ReleaseHitAsync(new AgencyReleaseHitRequest { HitId = Hex(hidden) }));
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await client.ReleaseHitAsync(new AgencyReleaseHitRequest { HitId = new string('0', 32) }));
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.ReleaseHitAsync(new AgencyReleaseHitRequest { HitId = Hex(visible) }));

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("may_release is off", denied.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, notVisible.StatusCode);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.StartsWith("HIT_NOT_FOUND: no hit ", notVisible.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("HIT_NOT_FOUND: no hit ", missing.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("RELEASE_REFUSED", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("NotReleasable", refused.Status.Detail, StringComparison.Ordinal);

        var hits = (await client.ListHitsAsync(new AgencyListRequest())).Hits;
        var recorded = Assert.Single(hits);
        Assert.Equal((HitReleaseState.Refused, "NotReleasable", releaser.Actor), (recorded.ReleaseState, recorded.ReleaseReason, recorded.ReleaseActor));
        // Each entry names the client certificate the call came through (node migration 22), the recorded refusal's too.
        var (releaserSerial, readerSerial) = (AgencyCertificateSerial.Of(releaser.Certificate), AgencyCertificateSerial.Of(reader.Certificate));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM audit WHERE actor = '{releaser.Actor}' AND action = 'release' AND detail LIKE '%outcome=refused reason=NotReleasable' AND certificate = '{releaserSerial}';"));
        Assert.Equal(2, Count($"SELECT COUNT(*) FROM audit WHERE actor = '{releaser.Actor}' AND action = 'release' AND detail LIKE '%not found' AND certificate = '{releaserSerial}';"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM audit WHERE actor = '{reader.Actor}' AND action = 'denied' AND detail LIKE '%ReleaseHit OUT_OF_SCOPE' AND certificate = '{readerSerial}';"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM hits WHERE release_state <> 0 AND hit_id = " + SqlBlob(hidden.HitId)));
    }

    [Fact]
    public async Task Products_AreVisibleOnlyWhenEveryMessageTheyWereBuiltFromIsReadable_AndExportAsAnalystsFiles()
    {
        var agency = await Node.RegisterAsync("analysts", Scopes.ReadOnly("H1", "all"));
        var client = Node.Grpc(agency.Certificate, out var channel);
        using var _ = channel;
        var readable = await EnqueueAsync(HandlingCode.H1);
        var unreadable = await EnqueueAsync(HandlingCode.H3);
        var network = HubProducts.Network("FR", "AL-SALHI \"Abu\"\nAli");
        network.Sources.Clear();
        network.Sources.Add(Reference(readable));
        var hiddenNetwork = HubProducts.Network("FR", "x");
        hiddenNetwork.Sources.Clear();
        hiddenNetwork.Sources.Add(Reference(readable));
        hiddenNetwork.Sources.Add(Reference(unreadable));
        var notHeld = HubProducts.Corridors("FR");
        notHeld.Sources[0].Sender = PartyId.Member("DE").Uri;
        var corridors = HubProducts.Corridors("FR");
        corridors.Sources.Clear();
        corridors.Sources.Add(Reference(readable));
        foreach (var product in new[] { network, hiddenNetwork, notHeld, corridors })
        {
            await Node.Hub.SendAsHubAsync("FR", product);
        }

        await Eventually.TrueAsync(() => Task.FromResult(Count("SELECT COUNT(*) FROM products;") == 4), "FR's node stores the four products");

        var listed = await client.ListProductsAsync(new AgencyListRequest());
        var got = await client.GetProductAsync(new AgencyGetProductRequest { ProductId = Hex(network.ProductId), Format = "graphml" });
        var dot = await client.GetProductAsync(new AgencyGetProductRequest { ProductId = Hex(network.ProductId), Format = "DOT" });
        var hidden = await Assert.ThrowsAsync<RpcException>(async () => await client.GetProductAsync(new AgencyGetProductRequest { ProductId = Hex(hiddenNetwork.ProductId) }));
        var foreign = await Assert.ThrowsAsync<RpcException>(async () => await client.GetProductAsync(new AgencyGetProductRequest { ProductId = Hex(notHeld.ProductId) }));
        var corridorExport = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetProductAsync(new AgencyGetProductRequest { ProductId = Hex(corridors.ProductId), Format = "dot" }));

        Assert.Equal([Hex(corridors.ProductId), Hex(network.ProductId)], listed.Products.Select(p => p.ProductId));
        Assert.Equal(network, got.Product);
        Assert.Equal("3 nodes, 3 edges", got.Summary.Description);
        var labels = XDocument.Parse(got.Export).Descendants().Where(e => e.Name.LocalName == "data" && (string?)e.Attribute("key") == "label").Select(e => e.Value);
        Assert.Equal(network.Network.Nodes.Select(n => n.Label), labels);
        Assert.Contains("\"AL-SALHI \\\"Abu\\\"\\nAli\"", dot.Export, StringComparison.Ordinal);
        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (hidden.StatusCode, foreign.StatusCode));
        Assert.StartsWith("PRODUCT_NOT_FOUND", hidden.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, corridorExport.StatusCode);
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM audit WHERE actor = '{agency.Actor}' AND action = 'export' AND detail LIKE '%format=graphml';"));
        Assert.Equal(2, Count($"SELECT COUNT(*) FROM audit WHERE actor = '{agency.Actor}' AND action = 'read' AND detail LIKE 'GetProduct % not found';"));
    }

    [Fact]
    public async Task TruncatedProduct_WhoseSourcesMayBeIncomplete_IsVisibleOnlyToAnAgencyReadingEverything()
    {
        var scoped = await Node.RegisterAsync("scoped", Scopes.ReadOnly("H1", "all"));
        var everything = await Node.RegisterAsync("everything", Scopes.ReadOnly("all", "all"));
        var scopedClient = Node.Grpc(scoped.Certificate, out var scopedChannel);
        using var _ = scopedChannel;
        var everythingClient = Node.Grpc(everything.Certificate, out var everythingChannel);
        using var __ = everythingChannel;
        var product = HubProducts.Corridors("FR");
        product.Sources.Clear();
        product.Sources.Add(Reference(await EnqueueAsync(HandlingCode.H1)));
        product.Truncated = true;
        await Node.Hub.SendAsHubAsync("FR", product);
        await Eventually.TrueAsync(() => Task.FromResult(Count("SELECT COUNT(*) FROM products;") == 1), "FR's node stores the product");

        Assert.Empty((await scopedClient.ListProductsAsync(new AgencyListRequest())).Products);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await scopedClient.GetProductAsync(new AgencyGetProductRequest { ProductId = Hex(product.ProductId) }))).StatusCode);
        var listed = Assert.Single((await everythingClient.ListProductsAsync(new AgencyListRequest())).Products);
        Assert.Equal("2 corridors (truncated)", listed.Description);
    }

    [Fact]
    public async Task Product_ListingNoSource_IsVisibleOnlyToAnAgencyReadingEverything()
    {
        var none = await Node.RegisterAsync("none", Scopes.ReadOnly("none", "none"));
        var everything = await Node.RegisterAsync("everything", Scopes.ReadOnly("all", "all"));
        var noneClient = Node.Grpc(none.Certificate, out var noneChannel);
        using var _ = noneChannel;
        var everythingClient = Node.Grpc(everything.Certificate, out var everythingChannel);
        using var __ = everythingChannel;
        var product = HubProducts.Network("FR", "x");
        product.Sources.Clear();
        await Node.Hub.SendAsHubAsync("FR", product);
        await Eventually.TrueAsync(() => Task.FromResult(Count("SELECT COUNT(*) FROM products;") == 1), "FR's node stores the product");

        Assert.Empty((await noneClient.ListProductsAsync(new AgencyListRequest())).Products);
        var hidden = await Assert.ThrowsAsync<RpcException>(async () =>
            await noneClient.GetProductAsync(new AgencyGetProductRequest { ProductId = Hex(product.ProductId) }));
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        Assert.StartsWith("PRODUCT_NOT_FOUND", hidden.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(Hex(product.ProductId), Assert.Single((await everythingClient.ListProductsAsync(new AgencyListRequest())).Products).ProductId);
    }

    /// <summary>
    /// A purged product has no content left, so no source to check it by: the agency API must not serve it at all, not even
    /// to an agency that may read everything (one listing no source is served to such an agency, above).
    /// </summary>
    [Fact]
    public async Task Product_PurgedWithItsSource_IsServedToNoAgency_NotEvenOneReadingEverything()
    {
        var everything = await Node.RegisterAsync("everything", Scopes.ReadOnly("all", "all"));
        var client = Node.Grpc(everything.Certificate, out var channel);
        using var _ = channel;
        var recalled = await Node.ReceiveAsync(DirectExchange(HandlingCode.H1));
        var kept = await Node.ReceiveAsync(DirectExchange(HandlingCode.H1));
        var purged = HubProducts.Network("FR", "x");
        purged.Sources.Clear();
        purged.Sources.Add(new MessageReference { Sender = PartyId.Member("DE").Uri, MessageId = ByteString.CopyFrom(recalled) });
        var other = HubProducts.Corridors("FR");
        other.Sources.Clear();
        other.Sources.Add(new MessageReference { Sender = PartyId.Member("DE").Uri, MessageId = ByteString.CopyFrom(kept) });
        await Node.Hub.SendAsHubAsync("FR", purged);
        await Node.Hub.SendAsHubAsync("FR", other);
        await Eventually.TrueAsync(() => Task.FromResult(Count("SELECT COUNT(*) FROM products;") == 2), "FR's node stores the two products");
        Assert.Equal(2, (await client.ListProductsAsync(new AgencyListRequest())).Products.Count);

        Assert.Equal(LifecycleOutcome.Purged, (await Node.Store.ApplyOrderAsync(Recall(recalled))).Outcome);

        Assert.Equal([Hex(other.ProductId)], (await client.ListProductsAsync(new AgencyListRequest())).Products.Select(p => p.ProductId));
        var gone = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetProductAsync(new AgencyGetProductRequest { ProductId = Hex(purged.ProductId) }));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.StartsWith("PRODUCT_NOT_FOUND", gone.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM products p JOIN inbox i ON i.local_id = p.inbox_local_id WHERE i.purge_cause = 'recalled';"));
    }

    /// <summary>
    /// A product whose sources are not recorded — as the open-time catch-up leaves one stored before node migration 14 that
    /// no longer passes the check (here its <c>product_copies</c> row removed, as it never had one) — cannot be reached by
    /// its sources' purges, so no agency is served it, not even one reading everything; the recorded product still is.
    /// </summary>
    [Fact]
    public async Task Product_WhoseSourcesAreNotRecorded_IsServedToNoAgency()
    {
        var everything = await Node.RegisterAsync("everything", Scopes.ReadOnly("all", "all"));
        var client = Node.Grpc(everything.Certificate, out var channel);
        using var _ = channel;
        var source = await Node.ReceiveAsync(DirectExchange(HandlingCode.H1));
        var unrecorded = HubProducts.Network("FR", "x");
        var other = HubProducts.Corridors("FR");
        foreach (var product in new[] { unrecorded, other })
        {
            product.Sources.Clear();
            product.Sources.Add(new MessageReference { Sender = PartyId.Member("DE").Uri, MessageId = ByteString.CopyFrom(source) });
        }

        await Node.Hub.SendAsHubAsync("FR", unrecorded);
        await Node.Hub.SendAsHubAsync("FR", other);
        await Eventually.TrueAsync(() => Task.FromResult(Count("SELECT COUNT(*) FROM products;") == 2), "FR's node stores the two products");
        using (var connection = Node.Store.Database.OpenWriterConnection())
        {
            Assert.Equal(1, connection.Execute(
                "DELETE FROM product_copies WHERE product_row = (SELECT id FROM products WHERE product_id = $id);",
                ("$id", unrecorded.ProductId.ToByteArray())));
        }

        Assert.Equal([Hex(other.ProductId)], (await client.ListProductsAsync(new AgencyListRequest())).Products.Select(p => p.ProductId));
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetProductAsync(new AgencyGetProductRequest { ProductId = Hex(unrecorded.ProductId) }));
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.StartsWith("PRODUCT_NOT_FOUND", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NOT NULL;"));
    }

    [Fact]
    public async Task HitsAndProducts_OverJson_HaveTheirRoutes()
    {
        var agency = await Node.RegisterAsync("analysts", Scopes.ReadOnly("H1", "all") with { MayRelease = true });
        using var http = Node.Http(agency.Certificate);
        var readable = await EnqueueAsync(HandlingCode.H1);
        var hit = await HitAsync(readable, releasable: false);
        var product = HubProducts.Network("FR", "x");
        product.Sources.Clear();
        product.Sources.Add(Reference(readable));
        await Node.Hub.SendAsHubAsync("FR", product);
        await Eventually.TrueAsync(() => Task.FromResult(Count("SELECT COUNT(*) FROM products;") == 1), "FR's node stores the product");

        using var hits = await http.GetAsync("/v1/hits?page_size=10");
        using var products = await http.GetAsync("/v1/products");
        using var one = await http.GetAsync($"/v1/products/{Hex(product.ProductId)}?format=dot");
        using var empty = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var release = await http.PostAsync($"/v1/hits/{Hex(hit)}/release", empty);

        Assert.Equal(HttpStatusCode.OK, hits.StatusCode);
        var listed = JsonDocument.Parse(await hits.Content.ReadAsStringAsync()).RootElement.GetProperty("hits")[0];
        Assert.Equal(Hex(hit), listed.GetProperty("hitId").GetString());
        Assert.Equal("HIT_RELEASE_STATE_NOT_RELEASED", listed.GetProperty("releaseState").GetString());
        Assert.Equal(Hex(product.ProductId), JsonDocument.Parse(await products.Content.ReadAsStringAsync()).RootElement.GetProperty("products")[0].GetProperty("productId").GetString());
        Assert.StartsWith("digraph ", JsonDocument.Parse(await one.Content.ReadAsStringAsync()).RootElement.GetProperty("export").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, release.StatusCode);   // FAILED_PRECONDITION
        Assert.Contains("RELEASE_REFUSED", await release.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static HstMessage DirectExchange(HandlingCode code)
    {
        var message = SampleMessages.Realistic(DateTimeOffset.UtcNow);
        message.Handling.Code = code;
        message.Handling.Addressees = new Addressees { Members = { "DE" } };
        message.Handling.HubMayRead = false;
        return message;
    }

    /// <summary>An operator's message in FR's outbox (the node's hub link sends it).</summary>
    private async Task<byte[]> EnqueueAsync(HandlingCode code)
    {
        var id = MessageIds.NewId(DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        await Node.Store.EnqueueAsync(new OutboxItem(id, AgencyNode.Operator, DirectExchange(code).ToByteArray(), [PartyId.Member("DE").Uri]));
        return id;
    }

    /// <summary>The hub notifies FR of a hit on its message <paramref name="messageId"/>; returns once FR's node stored it.</summary>
    private async Task<HitNotification> HitAsync(byte[] messageId, bool releasable = true)
    {
        var hit = HubProducts.Hit("FR", messageId, "DE", releasable);
        await Node.Hub.SendAsHubAsync("FR", hit);
        await Eventually.TrueAsync(() => Task.FromResult(Count("SELECT COUNT(*) FROM hits WHERE hit_id = " + SqlBlob(hit.HitId)) == 1), "FR's node stores the hit");
        return hit;
    }

    private static MessageReference Reference(byte[] messageId) =>
        new() { Sender = PartyId.Member("FR").Uri, MessageId = ByteString.CopyFrom(messageId) };

    private static byte[] Id(string messageId) => Guid.Parse(messageId).ToByteArray(bigEndian: true);

    private static string Hex(HitNotification hit) => Convert.ToHexStringLower(hit.HitId.Span);

    private static string Hex(ByteString id) => Convert.ToHexStringLower(id.Span);

    private static string SqlBlob(ByteString id) => $"X'{Convert.ToHexString(id.Span)}'";
}
