using HstFederation.LoadGenerator;
using HstFederation.LoadGenerator.Cli;
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
            Assert.Equal(checks.DeliveriesExpected, scenario.Hub.Deliveries); // the warm-up's deliveries are in no count
            Assert.True(scenario.Warmup > 0, "every smoke scenario has a warm-up");
            Assert.Contains($"{scenario.Warmup} warm-up msgs", scenario.Description, StringComparison.Ordinal);
            Assert.Equal(scenario.Messages, scenario.Hub.Receipt.Count);
            Assert.Equal(1.0, scenario.Hub.AllDelivered.Cdf[^1][1]);
            Assert.Equal(scenario.Messages, scenario.Echo.Calls);
            Assert.True(scenario.Stream.DeliveriesPerSecond > 0);
            Assert.True(scenario.Sqlite.MessagesPerSecond > 0);
            Assert.True(scenario.Hub.CpuSecondsPerMessage > 0);
            Assert.True(scenario.Hub.PeakRssBytes > 0);
            var writer = scenario.Hub.Writer;
            Assert.True(writer is not null, $"store writer not measured: {scenario.Hub.WriterProblem}");
            Assert.InRange(writer.Busy, double.Epsilon, 1.5);
            Assert.True(writer.SecondsPerMessage > 0);
            Assert.InRange(writer.CommitShare, 0, 1);
            Assert.True(writer.OperationsPerBatch >= 1, $"{writer.OperationsPerBatch} operations per batch");
            Assert.True(writer.SubmitMeanMilliseconds > 0, $"Submit inside the hub: {writer.SubmitMeanMilliseconds} ms");
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
        Assert.Contains("| hub store writer busy |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("not measured", markdown, StringComparison.Ordinal);
        Assert.All(run.Scenarios, s => Assert.Contains($"#### {s.Name}", markdown, StringComparison.Ordinal));
        Assert.EndsWith($"{MarkdownReport.EndMarker}\n\nkept\n", markdown, StringComparison.Ordinal);
        foreach (var image in new[] { Plots.ThroughputFile, Plots.LatencyFile })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(_directory.FullName, "docs", "images", image), deadline.Token);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.Contains($"(images/{image})", markdown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SmokeProfile_WhenAScenarioFails_WritesTheCompletedOnesAndTheFailureAndReportsThem()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var results = Path.Combine(_directory.FullName, "results");
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["--profile", "smoke", "--out", results, "--work", Path.Combine(_directory.FullName, "work")];
        var run = new LoadRun(OptionParser.Parse(args), output, error)
        {
            // The first scenario fails as its hub run starts, as an overloaded hub's STREAM_CLOSED used to end it.
            OnStep = (scenario, step) => scenario.Name == "closed-f1-1k" && step == "the hub run"
                ? throw new InvalidOperationException("injected failure")
                : Task.CompletedTask,
        };

        var (result, path) = await run.RunAsync(args, deadline.Token);

        Assert.False(result.Complete);
        Assert.True(File.Exists(path), $"no result file\n{output}\n{error}");
        var written = ResultJson.Read(path);
        var failure = Assert.Single(written.Failed);
        Assert.Equal("closed-f1-1k", failure.Name);
        Assert.Equal("the hub run", failure.Step);
        Assert.Contains("injected failure", failure.Error, StringComparison.Ordinal);
        var completed = Assert.Single(written.Scenarios);
        Assert.Equal("open-f10-4k-100-slow", completed.Name);
        Assert.True(completed.Checks.Complete, ScenarioRows.Checks(completed));
        Assert.NotNull(completed.Hub.OpenLoop);
        Assert.Equal(Options.DefaultMaxBacklog, completed.Hub.OpenLoop.BacklogCap);
        Assert.False(written.Complete);

        var report = Path.Combine(_directory.FullName, "docs", "performance.md");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(report)!);
        await File.WriteAllTextAsync(report, $"# Performance\n\n{MarkdownReport.BeginMarker}\n{MarkdownReport.EndMarker}\n", deadline.Token);
        var exit = await LoadGeneratorMain.RunAsync(["--report", report, "--json", path], output, error, deadline.Token);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        var markdown = await File.ReadAllTextAsync(report, deadline.Token);
        Assert.Contains("#### open-f10-4k-100-slow", markdown, StringComparison.Ordinal);
        Assert.Contains("#### closed-f1-1k — FAILED", markdown, StringComparison.Ordinal);
        Assert.Contains("the hub run", markdown, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory.FullName, "docs", "images", Plots.LatencyFile)));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
