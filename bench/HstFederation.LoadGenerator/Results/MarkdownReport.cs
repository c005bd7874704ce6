using System.Text;
using static HstFederation.LoadGenerator.Results.Format;

namespace HstFederation.LoadGenerator.Results;

/// <summary>
/// The load generator's generated section of docs/performance.md, between its own markers (the
/// BenchmarkDotNet section of bench/HstFederation.Benchmarks has other markers and is left alone).
/// </summary>
internal static class MarkdownReport
{
    public const string BeginMarker = "<!-- BEGIN GENERATED LOAD: dotnet run -c Release --project bench/HstFederation.LoadGenerator -- --report docs/performance.md -->";
    public const string EndMarker = "<!-- END GENERATED LOAD -->";

    /// <param name="images">The plots' directory relative to the report, or null to leave the plots out.</param>
    public static string Render(RunResult run, string fileName, string? images)
    {
        var md = new StringBuilder();
        md.AppendLine();
        var busy = run.LoadAverageBefore.Length > 0 && run.LoadAverageBefore[0] > run.Machine.LogicalCores * 0.25;
        if (!run.Representative)
        {
            var where = busy ? Invariant($"a busy machine (load average {run.LoadAverageBefore[0]:0.#} on {run.Machine.LogicalCores} cores)") : "this machine";
            md.AppendLine(Invariant($"> **A {run.Profile} run on {where}: {run.Purpose}.** These are not the figures of this page: run `--profile full` on a quiet machine and regenerate."))
                .AppendLine();
        }

        md.AppendLine(Invariant($"Run of {run.StartedAt:yyyy-MM-dd HH:mm} UTC, profile `{run.Profile}`, {run.DurationSeconds:0} s, result file `{fileName}`, {(run.Complete ? "every check passed" : "**some checks FAILED** (see each scenario)")}{(run.Failed.Count > 0 ? Invariant($"; **{run.Failed.Count} scenario(s) FAILED and are not reported**: {string.Join(", ", run.Failed.Select(f => $"{f.Name} ({f.Step})"))}") : string.Empty)}."))
            .AppendLine()
            .AppendLine("| machine | |")
            .AppendLine("|---|---|")
            .AppendLine(Invariant($"| CPU | {run.Machine.Cpu}, {run.Machine.LogicalCores} logical cores |"))
            .AppendLine(Invariant($"| memory | {run.Machine.MemoryBytes / (1024.0 * 1024 * 1024):0} GB |"))
            .AppendLine(Invariant($"| OS, runtime | {run.Machine.Os}; {run.Machine.Runtime} |"))
            .AppendLine(Invariant($"| load average (1/5/15 min) | {LoadAverages(run.LoadAverageBefore)} before, {LoadAverages(run.LoadAverageAfter)} after{(busy ? " — **the machine was busy: other work ran during this run**" : string.Empty)} |"))
            .AppendLine();

        Summary(md, run);
        if (images is not null)
        {
            md.AppendLine(Invariant($"![Throughput against fan-out, hub and baselines]({images}/{Plots.ThroughputFile})"))
                .AppendLine()
                .AppendLine(Invariant($"![Latency CDF, submit to all delivered]({images}/{Plots.LatencyFile})"))
                .AppendLine();
            if (run.Scenarios.Any(Plots.HasRssSeries))
            {
                md.AppendLine(Invariant($"![Hub resident memory over the timed phase]({images}/{Plots.RssFile})")).AppendLine();
            }
        }

        foreach (var scenario in run.Scenarios)
        {
            Details(md, scenario);
        }

        foreach (var failure in run.Failed)
        {
            md.AppendLine(Invariant($"#### {failure.Name} — FAILED"))
                .AppendLine()
                .AppendLine(Invariant($"{failure.Description}; load average {LoadAverages(failure.LoadAverage)} at start. **Failed in {failure.Step}:** `{failure.Error.ReplaceLineEndings(" ")}`. No figures."))
                .AppendLine();
        }

        return md.ToString();
    }

    /// <summary>Rewrites the text between the markers of <paramref name="path"/>; false (and why) if they are missing.</summary>
    public static bool ReplaceSection(string path, string markdown, out string problem)
    {
        var document = File.ReadAllText(path);
        var begin = document.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = document.IndexOf(EndMarker, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            problem = $"{path} has no load generator section ({BeginMarker} … {EndMarker}).";
            return false;
        }

        File.WriteAllText(path, document[..(begin + BeginMarker.Length)] + "\n" + markdown + document[end..]);
        problem = string.Empty;
        return true;
    }

    private static void Summary(StringBuilder md, RunResult run)
    {
        md.AppendLine("| scenario | load | fan-out | message | accepted msgs/s (÷ echo) | deliveries/s (÷ stream) | receipt p99 (÷ echo) | all delivered p50 / p99 | hub CPU per msg (÷ echo) | store writer busy | hub peak RSS | checks |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in run.Scenarios)
        {
            var load = s.Mode == "open" ? Invariant($"open {s.Rate:0}/s") : Invariant($"closed, {s.InFlight} in flight");
            if (s.Hub.OpenLoop is { Sustained: false } open)
            {
                load += Invariant($" (**not sustained**: {open.AchievedRate:0}/s sent, backlog peak {open.BacklogPeak})");
            }

            md.AppendLine(Invariant(
                $"| {s.Name} | {load}{(s.SlowSubscriber ? ", slow subscriber" : string.Empty)} | {s.FanOut} | {s.MessageBytes} B | {Rate(s.Hub.AcceptedPerSecond)} ({Ratio(s.Ratios.AcceptedToEcho)}) | {Rate(s.Hub.DeliveriesPerSecond)} ({Ratio(s.Ratios.DeliveriesToStream)}) | {Ms(s.Hub.Receipt.P99)} ({Ratio(s.Ratios.ReceiptToEcho.ElementAtOrDefault(2))}) | {Ms(s.Hub.AllDelivered.P50)} / {Ms(s.Hub.AllDelivered.P99)} | {CpuMicroseconds(s.Hub.CpuSecondsPerMessage)} ({Ratio(s.Ratios.CpuToEcho)}) | {ScenarioRows.WriterBusy(s.Hub)} | {Megabytes(s.Hub.PeakRssBytes)} | {(s.Checks.Complete ? "complete" : "**INCOMPLETE**")} |"));
        }

        md.AppendLine();
    }

    private static void Details(StringBuilder md, ScenarioResult s)
    {
        md.AppendLine(Invariant($"#### {s.Name}"))
            .AppendLine()
            .AppendLine(Invariant($"{s.Description}; envelope {s.EnvelopeBytes} B; {s.Subscribers} subscribers; load average {LoadAverages(s.LoadAverage)} at start; timed phase {s.Hub.ElapsedSeconds:0.0} s."))
            .AppendLine()
            .AppendLine("| figure | hub | baseline (same run) | hub ÷ baseline |")
            .AppendLine("|---|---:|---|---:|");
        foreach (var row in ScenarioRows.Of(s))
        {
            md.AppendLine(Invariant($"| {row.Figure} | {row.Hub} | {row.Baseline} | {row.Ratio} |"));
        }

        md.AppendLine().AppendLine(Invariant($"Checks: {ScenarioRows.Checks(s)}.")).AppendLine();
    }
}
