using System.Diagnostics;
using HstFederation.LoadGenerator.Federation;
using HstFederation.LoadGenerator.Measure;
using HstFederation.LoadGenerator.Results;

namespace HstFederation.Hub.Tests.Load;

/// <summary>The load generator's reading of the hub's /metrics (Prometheus text) and the store writer's figures made from two scrapes.</summary>
public sealed class WriterMetricsTests
{
    private const string Scrape = """
        # TYPE target info
        # HELP target Target metadata
        target_info{service_name="hst-hub",telemetry_sdk_language="dotnet"} 1
        # TYPE hst_hub_writer_busy_seconds_total counter
        # UNIT hst_hub_writer_busy_seconds_total seconds
        # HELP hst_hub_writer_busy_seconds_total Time the single store writer spent running write batches.
        hst_hub_writer_busy_seconds_total{otel_scope_name="HstFederation.Hub"} 12.5 1732896000000
        # TYPE hst_hub_writer_commit_seconds_total counter
        hst_hub_writer_commit_seconds_total{otel_scope_name="HstFederation.Hub",note="a } and a \" inside"} 4.25
        # TYPE hst_hub_writer_batches_total counter
        hst_hub_writer_batches_total 1000
        # TYPE hst_hub_writer_operations_total counter
        hst_hub_writer_operations_total{otel_scope_name="HstFederation.Hub"} 2.5e3
        hst_hub_queue_depth{otel_scope_name="HstFederation.Hub",party="FR"} 3
        hst_hub_queue_depth{otel_scope_name="HstFederation.Hub",party="DE"} 4
        # EOF
        """;

    [Fact]
    public void Parse_ReadsPlainAndLabelledSeriesSkipsCommentsAndSumsLabelSets()
    {
        var values = PrometheusText.Parse(Scrape);

        Assert.Equal(12.5, values["hst_hub_writer_busy_seconds_total"]);
        Assert.Equal(4.25, values["hst_hub_writer_commit_seconds_total"]);
        Assert.Equal(1000, values["hst_hub_writer_batches_total"]);
        Assert.Equal(2500, values["hst_hub_writer_operations_total"]);
        Assert.Equal(7, values["hst_hub_queue_depth"]);
        Assert.Equal(1, values["target_info"]);
        Assert.DoesNotContain(values.Keys, k => k.StartsWith('#'));
    }

    [Fact]
    public void Parse_SkipsWhatItCannotReadAndKeepsTheRest()
    {
        var values = PrometheusText.Parse("garbage\r\nbroken{label=\"x\" 1\nnot_a_number abc\n\n  spaced_total   2  \nbucket{le=\"+Inf\"} +Inf\nnan_total NaN\n");

        Assert.Equal(2, values["spaced_total"]);
        Assert.Equal(double.PositiveInfinity, values["bucket"]);
        Assert.True(double.IsNaN(values["nan_total"]));
        Assert.False(values.ContainsKey("garbage"));
        Assert.False(values.ContainsKey("broken"));
        Assert.False(values.ContainsKey("not_a_number"));
        Assert.Empty(PrometheusText.Parse(string.Empty));
    }

    [Fact]
    public void WriterCounters_AllFourOrNoneWithWhatIsMissing()
    {
        var counters = WriterCounters.From(Scrape, timestamp: 42, out var problem);

        Assert.Null(problem);
        Assert.Equal(new WriterCounters(12.5, 4.25, 1000, 2500, 42), counters);

        Assert.Null(WriterCounters.From("hst_hub_writer_busy_seconds_total 1\nhst_hub_writer_batches_total 2\n", 0, out problem));
        Assert.Contains("hst_hub_writer_commit_seconds_total", problem, StringComparison.Ordinal);
        Assert.Contains("hst_hub_writer_operations_total", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hst_hub_writer_busy_seconds_total", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Between_TwoScrapes_BusyPerWallSecondPerMessageCommitShareAndBatchSize()
    {
        var before = new WriterCounters(10, 2, 100, 300, Stopwatch.Frequency * 5);
        var after = new WriterCounters(19.5, 5.8, 1100, 4300, Stopwatch.Frequency * 15);

        var figures = WriterFigures.Between(before, after, messages: 5000)!;

        Assert.Equal(0.95, figures.Busy, precision: 9);
        Assert.Equal(9.5 / 5000, figures.SecondsPerMessage, precision: 12);
        Assert.Equal(0.4, figures.CommitShare, precision: 9);
        Assert.Equal(4.0, figures.OperationsPerBatch, precision: 9);
        Assert.Equal(10, figures.WallSeconds, precision: 9);
    }

    [Fact]
    public void Between_NothingInventedWhenAScrapeIsMissingOrTheCountersWentBack()
    {
        var before = new WriterCounters(10, 2, 100, 300, Stopwatch.Frequency);
        var idle = WriterFigures.Between(before, before with { Timestamp = Stopwatch.Frequency * 2 }, messages: 10)!;

        Assert.Null(WriterFigures.Between(null, before, 10));
        Assert.Null(WriterFigures.Between(before, null, 10));
        Assert.Null(WriterFigures.Between(before, new WriterCounters(1, 0, 5, 5, Stopwatch.Frequency * 2), 10)); // a restarted hub
        Assert.Equal(0, idle.Busy);
        Assert.True(double.IsNaN(idle.CommitShare));
        Assert.True(double.IsNaN(idle.OperationsPerBatch));
    }

    [Fact]
    public void SubmitInsideTheHub_MeanOfItsHistogramBetweenTwoScrapes_NothingInventedWithout()
    {
        const string histogram = """
            hst_hub_submit_duration_milliseconds_bucket{otel_scope_name="HstFederation.Hub",le="5"} 3
            hst_hub_submit_duration_milliseconds_sum{otel_scope_name="HstFederation.Hub"} 150.5
            hst_hub_submit_duration_milliseconds_count{otel_scope_name="HstFederation.Hub"} 10
            """;
        var before = WriterCounters.From(Scrape + "\n" + histogram, Stopwatch.Frequency, out _)!;
        var after = before with { SubmitMillisecondsSum = 150.5 + 2_000, SubmitCount = 10 + 100, Timestamp = Stopwatch.Frequency * 3 };
        var plain = WriterCounters.From(Scrape, Stopwatch.Frequency, out _)!;

        Assert.Equal((150.5, 10.0), (before.SubmitMillisecondsSum, before.SubmitCount));
        Assert.Equal(20, WriterFigures.Between(before, after, messages: 100)!.SubmitMeanMilliseconds, precision: 9);
        Assert.True(double.IsNaN(plain.SubmitCount));
        Assert.True(double.IsNaN(WriterFigures.Between(plain, plain with { Timestamp = Stopwatch.Frequency * 2 }, 10)!.SubmitMeanMilliseconds));
        Assert.True(double.IsNaN(WriterFigures.Between(before, before with { Timestamp = Stopwatch.Frequency * 2 }, 10)!.SubmitMeanMilliseconds));
    }

    [Fact]
    public async Task Scrape_NothingListening_NullAndWhy()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)); // bound, not listening: connections are refused
        using var scraper = new WriterScraper(((System.Net.IPEndPoint)socket.LocalEndPoint!).Port);

        Assert.Null(await scraper.ScrapeAsync(CancellationToken.None));
        Assert.StartsWith("scraping the hub's metrics failed", scraper.Problem, StringComparison.Ordinal);
    }
}
