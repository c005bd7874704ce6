using Google.Protobuf;
using HstFederation.Hub.Products;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Hub.Tests.Lifecycle;
using HstFederation.Hub.Tests.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Products;

/// <summary>
/// Products follow the source's later decisions (docs/intelligence.md, Products): a member a restriction excluded reads
/// nothing of the message in its product, and a recall or restriction that commits while a run serves its recipients
/// reaches every recipient served after it (a recall also purges the products served before it). The real runner of a real hub (mutual TLS, SQLite file) is driven by hand —
/// its loop polls too rarely to take the run first — so the writer can be held between two recipients.
/// </summary>
public sealed class ProductLifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(
        extraArgs: ["--Hub:RegistryRefresh=00:00:00", "--Hub:Products:RequestPoll=00:10:00", "--Hub:Intelligence:Enabled=false"]);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private HubStore Store => _hub.Services.GetRequiredService<HubStore>();

    /// <summary>FR's realistic report (a route LY → IT → FR, persons, organisations) to DE, IT and the hub, H1.</summary>
    private async Task<SealedEnvelope> SubmitAsync()
    {
        var message = SampleMessages.Realistic(TimeProvider.System.GetUtcNow());
        IntelMessages.Address(message, ["DE", "IT", PartyId.HubCode]);
        var sealedEnvelope = new EnvelopeSealer(TimeProvider.System, HandlingPolicy.WithoutRegions).Seal(
            message, _hub.Credentials("FR"), new[] { "DE", "IT", PartyId.HubCode }.Select(code => _hub.Credentials(code).Encryption).ToList(),
            new SealOptions { Sequence = 1 });
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(sealedEnvelope.Bytes.Span) });
        return sealedEnvelope;
    }

    /// <summary>A run for DE and IT over the last day, stored as already complete so the hub's own loop never takes it up.</summary>
    private async Task<ProductRunRecord> RunForAsync(ProductKind kind)
    {
        var end = TimeProvider.System.GetUtcNow().AddMinutes(1);
        var period = new ProductPeriod(end.AddDays(-1), end);
        var recipients = new[] { PartyId.Member("DE"), PartyId.Member("IT") };
        var runId = await Store.WriteAsync(
            context =>
            {
                var id = ProductRows.InsertRun(context, kind, ProductOrigin.Request, period.StartMs, period.EndMs, recipients, "test");
                ProductRows.CompleteRun(context, id, 0, "driven by the test");
                return id;
            },
            CancellationToken.None);
        return new ProductRunRecord(runId, kind, ProductOrigin.Request, period.StartMs, period.EndMs, recipients, 0, "test", null, null, null);
    }

    private Task<int> RunAsync(ProductRunRecord run) => _hub.Services.GetRequiredService<ProductRunner>().RunAsync(run, CancellationToken.None);

    /// <summary>The member's product, as it opens the hub's envelope; its stream also carries the orders it held the message under.</summary>
    private async Task<AnalyticalProduct> ProductAsync(string member)
    {
        var fromHub = (await HubInbox.EnvelopesAsync(_hub, member))
            .Select(d => Inbox.OpenContent(_hub, d.ToDelivery(), member))
            .Single(opened => opened.Verified.SenderParty.IsHub);
        return fromHub.Parse(AnalyticalProduct.Parser).GetValueOrThrow();
    }

    private async Task SendAsync(SealedEnvelope message, Action<LifecycleOrder>? action = null) =>
        await LifecycleClient.SendAsync(_hub, "FR", LifecycleClient.Sign(_hub, LifecycleClient.Order(message, "FR", action), "FR"));

    private static void ExcludeIt(LifecycleOrder order) => order.Restriction = new RestrictionOrder { ExcludeMembers = { "IT" } };

    [Theory]
    [InlineData(ProductKind.Corridor)]
    [InlineData(ProductKind.Network)]
    public async Task Run_MessageRestrictedToExcludeARecipient_ThatRecipientsProductHoldsNothingOfIt_TheOthersDoes(ProductKind kind)
    {
        var message = await SubmitAsync();
        await SendAsync(message, ExcludeIt);

        await RunAsync(await RunForAsync(kind));

        var atIt = await ProductAsync("IT");
        Assert.Empty(atIt.Sources);
        Assert.Empty(atIt.Corridor?.Corridors ?? []);
        Assert.Empty(atIt.Network?.Nodes ?? []);
        var atDe = await ProductAsync("DE");
        Assert.Equal(message.Header.MessageId, Assert.Single(atDe.Sources).MessageId);
    }

    [Fact]
    public async Task Run_RecallCommitsAfterTheFirstRecipientIsServed_TheNextRecipientsProductLeavesTheMessageOut_TheFirstIsPurged()
    {
        var message = await SubmitAsync();

        await OrderBetweenTheRecipientsAsync(await RunForAsync(ProductKind.Corridor), message, action: null);

        // DE's product, built from the message before the recall committed, was purged by it (Lifecycle/PurgedProducts):
        // DE's stream carries neither (only the order, and the hub's notice that it withdrew the product).
        Assert.Single(await HubInbox.EnvelopesAsync(_hub, "DE"));
        Assert.Equal(
            ProtocolVersions.AnalyticalProductContentType,
            Assert.Single(Assert.Single(await HubInbox.WithdrawalsAsync(_hub, "DE")).Notice.Withdrawn).ContentType);
        Assert.Equal(1L, HubInbox.Count(_hub, "SELECT count(*) FROM products WHERE recipient = 'urn:hst:member:DE' AND purge_cause = 2"));
        var atIt = await ProductAsync("IT");
        Assert.Empty(atIt.Sources);
        Assert.Empty(atIt.Corridor.Corridors);
    }

    [Fact]
    public async Task Run_RestrictionExcludingTheNextRecipientCommitsMidRun_ItsProductLeavesTheMessageOut()
    {
        var message = await SubmitAsync();

        await OrderBetweenTheRecipientsAsync(await RunForAsync(ProductKind.Network), message, ExcludeIt);

        var (atDe, atIt) = (await ProductAsync("DE"), await ProductAsync("IT"));
        Assert.Equal(message.Header.MessageId, Assert.Single(atDe.Sources).MessageId);
        Assert.NotEmpty(atDe.Network.Nodes);
        Assert.Empty(atIt.Sources);
        Assert.Empty(atIt.Network.Nodes);
    }

    /// <summary>
    /// Holds the writer, starts the run (it reads its sources and queues DE's product), queues FR's order behind it, then
    /// lets both commit in that order: IT, served next, was built from the sources as the run read them.
    /// </summary>
    private async Task OrderBetweenTheRecipientsAsync(
        ProductRunRecord run, SealedEnvelope message, Action<LifecycleOrder>? action)
    {
        await Store.AuditAsync("test", "barrier", null, "the setup's writes are done");
        Task<int> running;
        Task ordered;
        await using (var gate = WriterGate.Close(Store))
        {
            running = Task.Run(() => RunAsync(run));
            gate.WaitForQueued(1);
            ordered = SendAsync(message, action);
            gate.WaitForQueued(2);
            await gate.OpenAsync();
        }

        await ordered.WaitAsync(Deadline);
        Assert.Equal(2, await running.WaitAsync(Deadline));
    }
}
