using Google.Protobuf;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.LoadGenerator.Measure;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Telemetry;

/// <summary>The production hub counts what it does and serves it as Prometheus text on its admin port only.</summary>
[Collection(HubMetricsAlone.Name)]
public sealed class HubMetricsEndToEndTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Metrics_AfterASubmission_ShowAcceptedAndRejectedCountsOnTheAdminPort()
    {
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) });
        var tampered = Envelopes.Seal(_hub, "FR", ["DE"], sequence: 2);
        tampered[^4] ^= 1;
        await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(tampered) }).ResponseAsync);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_hub.AdminPort}") };
        var text = await http.GetStringAsync("/metrics");

        Assert.Contains("hst_hub_envelopes_accepted_total", text, StringComparison.Ordinal);
        Assert.Contains("reason=\"ContentHashMismatch\"", text, StringComparison.Ordinal);
        Assert.Contains("hst_hub_submit_duration_milliseconds", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^hst_hub_writer_busy_seconds_total(\{[^}]*\})? [0-9.eE+-]+", text);
        Assert.Matches(@"(?m)^hst_hub_writer_batches_total(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"(?m)^hst_hub_writer_commit_duration_milliseconds_count(\{[^}]*\})? [1-9]", text);
    }

    [Fact]
    public async Task Metrics_TwoScrapesAroundOneSubmission_TheSecondCountsIt()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_hub.AdminPort}") };
        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"])) });
        var before = PrometheusText.Parse(await http.GetStringAsync("/metrics"));

        await _hub.Client("FR").SubmitAsync(new SubmitRequest { Envelope = ByteString.CopyFrom(Envelopes.Seal(_hub, "FR", ["DE"], sequence: 2)) });
        var after = PrometheusText.Parse(await http.GetStringAsync("/metrics"));

        // Not an answer kept from the first scrape (the exporter's default caches one for 300 ms).
        const string count = "hst_hub_submit_duration_milliseconds_count";
        Assert.Equal(before[count] + 1, after[count]);
    }
}

/// <summary>
/// Run with no other hub in the process. OpenTelemetry's exporter listens to meters by name, process-wide, and keeps
/// only the first instrument of a name: with another test's hub alive, this hub's submissions may go uncounted on its
/// own /metrics, and once that hub is disposed the instrument vanishes (seen: the Submit histogram missing from a scrape).
/// One hub per process, as in production, is what these tests measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HubMetricsAlone
{
    public const string Name = "hub metrics, no other hub in the process";
}
