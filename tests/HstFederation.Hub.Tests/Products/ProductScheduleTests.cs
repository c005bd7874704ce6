using Google.Protobuf;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Products;

/// <summary>The product schedule on the hub's own clock: a real hub on a FakeTimeProvider, real subscribers.</summary>
public sealed class ProductScheduleTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(_time, extraArgs:
    [
        "--Hub:RegistryRefresh=00:00:00", "--Hub:Products:Enabled=true", "--Hub:Products:Kinds=corridor",
        "--Hub:Products:Interval=1.00:00:00", "--Hub:Products:Period=30.00:00:00",
        "--Hub:Intelligence:Enabled=false", // products alone: no hit notifications among the hub's messages
    ]);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private HubStore Store => _hub.Services.GetRequiredService<HubStore>();

    [Fact]
    public async Task Schedule_FiresOnceAnIntervalHasPassedOnTheHubsClock_AndSendsEachNcbConcernedItsCorridorReport()
    {
        // Never scheduled before: the first turn runs at start, over an empty store (nothing to report).
        await Hosting.Wait.UntilAsync(() => Count("SELECT count(*) FROM product_runs WHERE completed_at_ms IS NOT NULL") == 1);
        var envelope = Envelopes.Seal(_hub, "FR", ["IT", PartyId.HubCode], clock: _time);
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(envelope) });
        Assert.Equal(0L, Count("SELECT count(*) FROM products"));

        _time.Advance(TimeSpan.FromDays(1));

        // The scheduler sleeps on the fake clock; nudging it by its request poll lets a turn that began just after the
        // advance see the day as passed too, without waiting on the wall clock.
        await Hosting.Wait.UntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            return Count("SELECT count(*) FROM products") == 2;
        });
        var opener = new EnvelopeOpener(new EnvelopeVerifier(_hub.Federation.CreateTrust(_time), HandlingPolicy.WithoutRegions));
        foreach (var (member, deliveries) in new[] { ("FR", 1), ("IT", 2) })
        {
            var delivery = (await Inbox.ReceiveAsync(_hub, member, deliveries))[^1];
            var opened = opener.OpenContent(delivery.Envelope.Memory, _hub.Credentials(member)).GetValueOrThrow();
            var product = opened.Parse(AnalyticalProduct.Parser).GetValueOrThrow();
            Assert.Equal(PartyId.Hub, opened.Verified.SenderParty);
            Assert.Equal((ProductKind.Corridor, PartyId.Member(member).Uri), (product.Kind, product.Recipient));
            Assert.Equal(TimeSpan.FromDays(30), TimeSpan.FromMilliseconds(product.PeriodEndMs - product.PeriodStartMs));
            Assert.Equal("LY", Assert.Single(product.Corridor.Corridors).Origin);
        }

        Assert.Equal(2L, Count($"SELECT count(*) FROM product_runs WHERE origin = {(int)ProductOrigin.Schedule}"));
    }

    private long Count(string sql)
    {
        using var connection = Store.Database.OpenReadConnection();
        return (long)connection.Scalar(sql)!;
    }
}
