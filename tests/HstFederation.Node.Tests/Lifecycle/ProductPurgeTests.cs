using Google.Protobuf;
using HstFederation.Node.HubLink;
using HstFederation.Node.Lifecycle;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Node.Tests.Intelligence;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.Lifecycle;

/// <summary>
/// The analytical products a member's node stored, purged there with a message they were built from (docs/intelligence.md,
/// "The recipient's copy"): FR's message really sent to DE through the real hub (real Kestrel, mutual TLS, SQLite files),
/// FR's orders really sent and relayed, and the products really sent by the hub and received by each node's hub link.
/// Each product's network label is a canary looked for in the database file and its WAL.
/// </summary>
public sealed class ProductPurgeTests : HubLinkTestBase
{
    private const string AtDe = "Kufra smuggling ring";
    private const string OtherAtDe = "Sabratha boat yard";
    private const string AtFr = "Agadez transit house";
    private const string LateAtDe = "Tobruk landing crew";
    private const string LateAtFr = "Zawiya fuel depot";

    [Fact]
    public async Task Recall_PurgesTheHoldersProductAndTheSourcesOwn_LeavesAProductNotBuiltFromIt_AndALaterOneArrivesPurged()
    {
        var messageId = await SentToDe.SendAsync(Fr, De);
        var atDe = await ProductAsync(De, AtDe, Fr.Party, messageId);
        var other = await ProductAsync(De, OtherAtDe, Fr.Party, HubProducts.NewId());
        var atFr = await ProductAsync(Fr, AtFr, Fr.Party, messageId);

        var order = Assert.Single(await IssuerOfFr().IssueAsync(
            messageId, new OrderRequest("recall", o => o.Recall = new RecallOrder { Reason = RecallReason.Inaccurate }), "operator:test", CancellationToken.None));
        Assert.Equal(1, await Fr.Orders.RunOnceAsync(CancellationToken.None));
        Assert.Equal(IssuedOrder.Accepted, (await Fr.Store.IssuedOrderAsync(order.OrderId))!.State);
        await ConfirmedByDeAsync(order.OrderId);

        // The source: its own copy of the message stays (docs/lifecycle.md §1), the product built from it does not.
        Assert.Equal("recalled", PurgeCause(Fr, atFr));
        Assert.False(DatabaseFiles.Contain(Fr.Store.Database.Path, AtFr));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'purge' AND detail = 'products=1 cause=recalled';"));
        // The holder: its copy and the product built from it purged in one transaction; the other product untouched.
        Assert.Equal("recalled", PurgeCause(De, atDe));
        Assert.Null(PurgeCause(De, other));
        Assert.False(DatabaseFiles.Contain(De.Store.Database.Path, AtDe));
        Assert.True(DatabaseFiles.Contain(De.Store.Database.Path, OtherAtDe));
        Assert.Equal(1, De.Count("SELECT COUNT(*) FROM audit WHERE action = 'purge' AND detail = 'products=1 cause=recalled';"));
        Assert.Equal(2, De.Count("SELECT COUNT(*) FROM products;"));

        // Built before the recall, delivered after it: purged on arrival, at the holder and at the source.
        var lateAtDe = await ProductAsync(De, LateAtDe, Fr.Party, messageId);
        var lateAtFr = await ProductAsync(Fr, LateAtFr, Fr.Party, messageId);
        Assert.Equal("recalled", PurgeCause(De, lateAtDe));
        Assert.Equal("recalled", PurgeCause(Fr, lateAtFr));
        Assert.False(DatabaseFiles.Contain(De.Store.Database.Path, LateAtDe));
        Assert.False(DatabaseFiles.Contain(Fr.Store.Database.Path, LateAtFr));
    }

    [Fact]
    public async Task Restriction_ExcludingTheHolder_PurgesItsProduct_TheSourcesOwnStays()
    {
        var messageId = await SentToDe.SendAsync(Fr, De);
        var atDe = await ProductAsync(De, AtDe, Fr.Party, messageId);
        var atFr = await ProductAsync(Fr, AtFr, Fr.Party, messageId);

        var order = Assert.Single(await IssuerOfFr().IssueAsync(
            messageId, new OrderRequest("restrict", o => o.Restriction = new RestrictionOrder { ExcludeMembers = { "DE" } }), "operator:test", CancellationToken.None));
        Assert.Equal(1, await Fr.Orders.RunOnceAsync(CancellationToken.None));
        await ConfirmedByDeAsync(order.OrderId);

        Assert.Equal("restricted", PurgeCause(De, atDe));
        Assert.False(DatabaseFiles.Contain(De.Store.Database.Path, AtDe));
        Assert.Null(PurgeCause(Fr, atFr));
        Assert.True(DatabaseFiles.Contain(Fr.Store.Database.Path, AtFr));
    }

    [Fact]
    public async Task RetentionSweep_AtTheDate_PurgesTheProductsBuiltFromTheInboxCopy_AndFromTheSourcesOutboxCopy()
    {
        var messageId = await SentToDe.SendAsync(Fr, De);
        var atDe = await ProductAsync(De, AtDe, Fr.Party, messageId);
        var other = await ProductAsync(De, OtherAtDe, Fr.Party, HubProducts.NewId());
        var atFr = await ProductAsync(Fr, AtFr, Fr.Party, messageId);
        var sent = HstMessage.Parser.ParseFrom((await Fr.Store.GetOutboxByMessageIdAsync(messageId))!.Plaintext);
        var retainUntil = sent.Handling.RetainUntil.ToDateTimeOffset();

        // Each node's sweep at the message's date (a second store on the same file, as the sweeper would run then).
        await using (var later = NodeStore.Open(De.Store.Database.Path, new FakeTimeProvider(retainUntil)))
        {
            Assert.Equal(1, await later.SweepRetentionAsync(De.Party));
        }

        await using (var later = NodeStore.Open(Fr.Store.Database.Path, new FakeTimeProvider(retainUntil)))
        {
            Assert.Equal(1, await later.SweepRetentionAsync(Fr.Party));
        }

        Assert.Equal("expired", PurgeCause(De, atDe));
        Assert.Equal("expired", PurgeCause(Fr, atFr));
        Assert.Null(PurgeCause(De, other));
        Assert.False(DatabaseFiles.Contain(De.Store.Database.Path, AtDe));
        Assert.False(DatabaseFiles.Contain(Fr.Store.Database.Path, AtFr));
        Assert.True(DatabaseFiles.Contain(De.Store.Database.Path, OtherAtDe));
    }

    [Fact]
    public async Task HubExpiryOrder_AtTheRetentionDate_PurgesTheHoldersProductBuiltFromTheMessage_NotAnother()
    {
        var messageId = await SentToDe.SendAsync(Fr, De);
        var atDe = await ProductAsync(De, AtDe, Fr.Party, messageId);
        var other = await ProductAsync(De, OtherAtDe, Fr.Party, HubProducts.NewId());
        var sent = HstMessage.Parser.ParseFrom((await Fr.Store.GetOutboxByMessageIdAsync(messageId))!.Plaintext);
        var retainUntil = sent.Handling.RetainUntil.ToDateTimeOffset();
        var expiry = new LifecycleOrder
        {
            Version = LifecycleOrders.CurrentVersion,
            OrderId = ByteString.CopyFrom(HubProducts.NewId()),
            MessageId = ByteString.CopyFrom(messageId),
            Source = Fr.Party,
            HeaderSha256 = ByteString.CopyFrom((await De.Store.GetReceivedAsync(Fr.Party, messageId))!.Message.HeaderHash),
            Issuer = PartyId.Hub.Uri,
            IssuedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Expiry = new RetentionExpiry { RetainUntilMs = retainUntil.ToUnixTimeMilliseconds() },
        };

        // DE applies the hub's expiry at the date (a second store on the same file, as the node would then).
        await using (var later = NodeStore.Open(De.Store.Database.Path, new FakeTimeProvider(retainUntil)))
        {
            var applied = await new LifecycleOrderReceiver(later, De.Directory, Hub.Credentials("DE"), De.Trust)
                .ApplyAsync(LifecycleOrders.Sign(expiry, Hub.HubCredentials), CancellationToken.None);
            Assert.Equal(LifecycleOutcome.Purged, applied.Outcome);
        }

        Assert.Equal("expired", PurgeCause(De, atDe));
        Assert.Null(PurgeCause(De, other));
        Assert.False(DatabaseFiles.Contain(De.Store.Database.Path, AtDe));
        Assert.True(DatabaseFiles.Contain(De.Store.Database.Path, OtherAtDe));
    }

    [Fact]
    public async Task ProductsCommand_ShowsAPurgedProductAsPurged_WithoutItsContent_AndRefusesToExportIt()
    {
        var messageId = await SentToDe.SendAsync(Fr, De);
        var purged = await ProductAsync(De, AtDe, Fr.Party, messageId);
        var kept = await ProductAsync(De, OtherAtDe, Fr.Party, HubProducts.NewId());
        var order = Assert.Single(await IssuerOfFr().IssueAsync(
            messageId, new OrderRequest("recall", o => o.Recall = new RecallOrder { Reason = RecallReason.Inaccurate }), "operator:test", CancellationToken.None));
        Assert.Equal(1, await Fr.Orders.RunOnceAsync(CancellationToken.None));
        await ConfirmedByDeAsync(order.OrderId);
        var database = $"--Node:DatabasePath={De.Store.Database.Path}";
        var id = Convert.ToHexStringLower(purged.ProductId.Span);

        var list = await CommandRun.RunAsync(["products", database]);
        var show = await CommandRun.RunAsync(["products", "show", id, database]);
        var json = await CommandRun.RunAsync(["products", "show", id, "--json", database]);
        var export = await CommandRun.RunAsync(["products", "export", id, "--format", "graphml", database]);
        var exportKept = await CommandRun.RunAsync(["products", "export", Convert.ToHexStringLower(kept.ProductId.Span), "--format", "dot", database]);

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("purged: recalled", list.Out, StringComparison.Ordinal);
        Assert.Contains("3 nodes, 3 edges", list.Out, StringComparison.Ordinal);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("PURGED", show.Out, StringComparison.Ordinal);
        Assert.Contains("(recalled)", show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(AtDe, show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("SALHI", show.Out, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Contains("\"cause\": \"recalled\"", json.Out, StringComparison.Ordinal);
        Assert.Contains("\"unreadable\": null", json.Out, StringComparison.Ordinal); // purged, not unreadable
        Assert.Contains("\"product\": null", json.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(AtDe, json.Out, StringComparison.Ordinal);
        Assert.Equal(1, export.ExitCode);
        Assert.Contains($"product {id} was purged", export.Error, StringComparison.Ordinal);
        Assert.Contains("nothing to export", export.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(AtDe, export.Out + export.Error, StringComparison.Ordinal);
        Assert.True(exportKept.ExitCode == 0, exportKept.ToString());
        Assert.Contains(OtherAtDe, exportKept.Out, StringComparison.Ordinal);
    }

    /// <summary>The hub sends <paramref name="node"/> a network report built from <paramref name="sender"/>'s <paramref name="messageId"/>; returns once stored.</summary>
    private async Task<AnalyticalProduct> ProductAsync(TestNode node, string label, string sender, byte[] messageId)
    {
        var product = HubProducts.Network(node.Code, label);
        product.Sources.Clear();
        product.Sources.Add(new MessageReference { Sender = sender, MessageId = ByteString.CopyFrom(messageId) });
        await Hub.SendAsHubAsync(node.Code, product);
        await Eventually.TrueAsync(
            () => Task.FromResult(node.Count($"SELECT COUNT(*) FROM products WHERE product_id = X'{Convert.ToHexString(product.ProductId.Span)}';") == 1),
            $"{node.Code}'s node stores the product");
        return product;
    }

    /// <summary>The source records DE's signed confirmation: DE applied the order (and truncated its WAL) before it sent it.</summary>
    private Task ConfirmedByDeAsync(byte[] orderId) =>
        Eventually.TrueAsync(
            () => Task.FromResult(Fr.Count(
                $"SELECT COUNT(*) FROM lifecycle_order_holders WHERE order_id = X'{Convert.ToHexString(orderId)}' AND holder = '{De.Party}' AND outcome IS NOT NULL;") == 1),
            "FR records DE's confirmation");

    /// <summary>The purge cause of the inbox row carrying <paramref name="product"/> at <paramref name="node"/>, null while it is held.</summary>
    private static string? PurgeCause(TestNode node, AnalyticalProduct product)
    {
        using var connection = node.Store.Database.OpenReadConnection();
        return connection.Scalar(
            "SELECT i.purge_cause FROM products p JOIN inbox i ON i.local_id = p.inbox_local_id WHERE p.product_id = $id;",
            ("$id", product.ProductId.ToByteArray())) as string;
    }

    private OrderIssuer IssuerOfFr() => new(Fr.Store, Fr.Credentials, TimeProvider.System, SystemRandomSource.Instance);
}
