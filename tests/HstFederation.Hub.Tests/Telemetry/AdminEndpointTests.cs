using System.Net;
using System.Text.RegularExpressions;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Telemetry;
using HstFederation.Hub.Tests.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Telemetry;

/// <summary>
/// Real Kestrel on 127.0.0.1: the admin listener (port 0) beside an ordinary listener standing in for the
/// members' port, which serves one endpoint. Metrics only on the admin port; nothing else there. No other hub in the
/// process meanwhile (<see cref="HubMetricsAlone"/>): another's queue gauge of the same name would hide this one's
/// (seen in a fresh-clone CI run: the DE queue depth missing from every scrape for 10 s).
/// </summary>
[Collection(HubMetricsAlone.Name)]
public sealed class AdminEndpointTests
{
    private static readonly Regex QueueDepthOfDe = new("""(?m)^hst_hub_queue_depth\{[^}]*party="urn:hst:member:DE"[^}]*\} 1$""");

    [Fact]
    public async Task Metrics_OnAdminPort_PrometheusTextWithCountersAndQueueDepth()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE));
        await using var app = await StartAsync(temp);
        app.Services.GetRequiredService<HubMetrics>().Accepted(duplicate: false);
        using var client = new HttpClient();
        var metricsUri = new Uri($"http://127.0.0.1:{AdminPort(app)}/metrics");

        using var response = await client.GetAsync(metricsUri);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE hst_hub_envelopes_accepted_total counter", text, StringComparison.Ordinal);
        Assert.Contains("service_name=\"hst-hub\"", text, StringComparison.Ordinal);
        // At least 1: the exporter listens by meter name, so meters of tests running in parallel may add to it.
        Assert.Matches("""(?m)^hst_hub_envelopes_accepted_total\{[^}]*duplicate="false"[^}]*\} [1-9][0-9]*$""", text);

        // The queue gauges come from cached store statistics; a scrape waits only briefly for the first read.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!QueueDepthOfDe.IsMatch(text) && DateTimeOffset.UtcNow < deadline)
        {
            text = await client.GetStringAsync(metricsUri);
        }

        Assert.Matches(QueueDepthOfDe, text);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/hello")]
    [InlineData("/metrics/extra")]
    [InlineData("/hst.v1.Hub/Submit")]
    [InlineData("/grpc.health.v1.Health/Check")]
    public async Task AdminPort_AnyOtherPath_NotFound(string path)
    {
        await using var temp = TempStore.Create();
        await using var app = await StartAsync(temp);
        using var client = new HttpClient();

        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{AdminPort(app)}{path}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OtherListener_Metrics_NotServedButItsOwnEndpointsAre()
    {
        await using var temp = TempStore.Create();
        await using var app = await StartAsync(temp);
        var otherPort = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address).Port)
            .Single(port => port != AdminPort(app));
        using var client = new HttpClient();

        using var metrics = await client.GetAsync(new Uri($"http://127.0.0.1:{otherPort}/metrics"));
        using var hello = await client.GetAsync(new Uri($"http://127.0.0.1:{otherPort}/hello"));

        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
    }

    [Fact]
    public async Task ListenAdmin_NegativePort_NoAdminListener()
    {
        await using var temp = TempStore.Create();
        await using var app = await StartAsync(temp, adminPort: -1);

        Assert.Null(AdminEndpoint.BoundPort(app.Services));
    }

    private static int AdminPort(WebApplication app) =>
        AdminEndpoint.BoundPort(app.Services) ?? throw new InvalidOperationException("no admin listener");

    /// <summary>What HubApplication.Build does for telemetry, on a minimal app (the other listener is plain HTTP here, TLS in the hub).</summary>
    private static async Task<WebApplication> StartAsync(TempStore temp, int adminPort = 0)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [HubApplication.ReadConfigurationOnce] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(temp.Store);
        builder.Services.AddSingleton<TimeProvider>(temp.Time);
        builder.Services.AddHubTelemetry();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1);
            AdminEndpoint.ListenAdmin(kestrel, adminPort);
        });

        var app = builder.Build();
        app.MapHubTelemetry();
        app.MapGet("/hello", () => "hello");
        await app.StartAsync();
        return app;
    }
}
