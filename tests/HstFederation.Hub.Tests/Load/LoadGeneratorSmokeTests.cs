using HstFederation.LoadGenerator;
using HstFederation.LoadGenerator.Results;

namespace HstFederation.Hub.Tests.Load;

/// <summary>
/// The load generator's smoke profile, in-process, against real hub processes and the baseline server
/// process: every message must be receipted (verified), delivered and relayed exactly once, the result file
/// must be complete and the report and plots must be written from it. No timing is asserted: the figures of
/// a smoke run on a shared machine mean nothing.
/// </summary>
public sealed class LoadGeneratorSmokeTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    private readonly DirectoryInfo _directory = System.IO.Directory.CreateTempSubdirectory("hst-load-smoke-test-");

    [Fact]
    public async Task SmokeProfile_AgainstARealHub_DeliversEveryMessageAndWritesResultReportAndPlots()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var results = Path.Combine(_directory.FullName, "results");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await LoadGeneratorMain.RunAsync(
            ["--profile", "smoke", "--out", results, "--work", Path.Combine(_directory.FullName, "work")], output, error, deadline.Token);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        var json = ResultJson.Newest(results);
        Assert.NotNull(json);
        var run = ResultJson.Read(json);
        Assert.Equal("smoke", run.Profile);
        Assert.True(run.Complete);
        Assert.Equal(2, run.Scenarios.Count);
        foreach (var scenario in run.Scenarios)
        {
            var checks = scenario.Checks;
            Assert.True(checks.Complete, ScenarioRows.Checks(scenario));
            Assert.Equal(scenario.Messages, checks.ReceiptsVerified);
            Assert.Equal(checks.DeliveriesExpected, checks.Delivered);
            Assert.Equal(scenario.Messages, scenario.Hub.Receipt.Count);
            Assert.Equal(1.0, scenario.Hub.AllDelivered.Cdf[^1][1]);
            Assert.Equal(scenario.Messages, scenario.Echo.Calls);
            Assert.True(scenario.Stream.DeliveriesPerSecond > 0);
            Assert.True(scenario.Sqlite.MessagesPerSecond > 0);
            Assert.True(scenario.Hub.CpuSecondsPerMessage > 0);
            Assert.True(scenario.Hub.PeakRssBytes > 0);
        }

        var slow = Assert.Single(run.Scenarios, s => s.SlowSubscriber);
        Assert.True(slow.Hub.SlowAddressed > 0);

        var report = Path.Combine(_directory.FullName, "docs", "performance.md");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(report)!);
        await File.WriteAllTextAsync(report, $"# Performance\n\n{MarkdownReport.BeginMarker}\n{MarkdownReport.EndMarker}\n\nkept\n", deadline.Token);
        exit = await LoadGeneratorMain.RunAsync(["--report", report, "--json", json], output, error, deadline.Token);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        var markdown = await File.ReadAllTextAsync(report, deadline.Token);
        Assert.Contains("A smoke run on", markdown, StringComparison.Ordinal);
        Assert.All(run.Scenarios, s => Assert.Contains($"#### {s.Name}", markdown, StringComparison.Ordinal));
        Assert.EndsWith($"{MarkdownReport.EndMarker}\n\nkept\n", markdown, StringComparison.Ordinal);
        foreach (var image in new[] { Plots.ThroughputFile, Plots.LatencyFile })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(_directory.FullName, "docs", "images", image), deadline.Token);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.Contains($"(images/{image})", markdown, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
