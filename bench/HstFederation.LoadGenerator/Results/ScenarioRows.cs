using static HstFederation.LoadGenerator.Results.Format;

namespace HstFederation.LoadGenerator.Results;

/// <summary>A scenario's figures side by side with their baselines, for the console and the markdown report alike.</summary>
internal static class ScenarioRows
{
    private static readonly string[] PercentileNames = ["p50", "p90", "p99", "max"];

    public static IReadOnlyList<FigureRow> Of(ScenarioResult s)
    {
        var hub = s.Hub;
        var r = s.Ratios;
        var rows = new List<FigureRow>
        {
            new("accepted msgs/s", Rate(hub.AcceptedPerSecond), Invariant($"echo {Rate(s.Echo.CallsPerSecond)} calls/s"), Ratio(r.AcceptedToEcho)),
            new("accepted msgs/s vs store", Rate(hub.AcceptedPerSecond),
                Invariant($"SQLite {Rate(s.Sqlite.MessagesPerSecond)} msgs/s at {s.Sqlite.BatchSize}/commit ({Rate(s.Sqlite.SingleCommitMessagesPerSecond)} at 1/commit, {Ms(s.Sqlite.CommitMilliseconds)} each)"),
                Ratio(r.AcceptedToSqlite)),
            new("deliveries/s", Rate(hub.DeliveriesPerSecond), Invariant($"stream {Rate(s.Stream.DeliveriesPerSecond)}/s to {s.Stream.Subscribers} subscribers"), Ratio(r.DeliveriesToStream)),
        };
        if (hub.OpenLoop is { } open)
        {
            rows.Add(new(
                "offered msgs/s (achieved)",
                Invariant($"{Rate(open.OfferedRate)} ({Rate(open.AchievedRate)})"),
                Invariant($"{(open.Sustained ? "sustained" : "NOT sustained")}: backlog peak {open.BacklogPeak} of cap {open.BacklogCap}, {open.HeldBack} sends held back"),
                "—"));
        }

        Latencies(rows, "submit→receipt", hub.Receipt, s.Echo, r.ReceiptToEcho);
        Latencies(rows, "submit→all delivered", hub.AllDelivered, s.Echo, r.AllDeliveredToEcho);
        rows.Add(new("submit→all receipts relayed p50 / p99", Invariant($"{Ms(hub.AllRelayed.P50)} / {Ms(hub.AllRelayed.P99)}"), "—", "—"));
        rows.Add(new("hub CPU per message", CpuMicroseconds(hub.CpuSecondsPerMessage), Invariant($"echo server {CpuMicroseconds(s.Echo.CpuSecondsPerCall)} per call"), Ratio(r.CpuToEcho)));
        rows.Add(new("hub CPU in use", Invariant($"{hub.CpuCores:0.00} cores"), "—", "—"));
        Writer(rows, hub);
        rows.Add(new(
            "hub file writes per message",
            hub.FileBytesWrittenPerMessage is { } written ? Invariant($"{written / 1024:N0} KB") : NotMeasured,
            "(write_bytes of /proc: the store's WAL and its checkpoints into the database file)",
            "—"));
        Scheduling(rows, hub);
        rows.Add(new("hub peak RSS", Megabytes(hub.PeakRssBytes), Invariant($"baseline server {Megabytes(s.Echo.PeakRssBytes)}"), Ratio(r.PeakRssToEcho)));
        if (RssDrift.Of(hub.RssSamples) is { } drift)
        {
            rows.Add(new(
                "hub RSS after the first fifth: mean (p5–p95)",
                Invariant($"{Megabytes(drift.MeanBytes)} ({Megabytes(drift.LowBytes)}–{Megabytes(drift.HighBytes)})"),
                Invariant($"{(drift.Flat ? "flat" : "NOT flat")}: trend {drift.Trend:+0.0 %;-0.0 %} over {drift.SpanSeconds:0} s (target within ±{RssDrift.Tolerance:0 %})"),
                "—"));
        }

        rows.Add(new("generator CPU per message", CpuMicroseconds(hub.GeneratorCpuSecondsPerMessage), "(shares the 2 cores with the hub)", "—"));
        if (s.SlowSubscriber)
        {
            rows.Add(new("slow subscriber received", Invariant($"{hub.SlowDelivered} of {hub.SlowAddressed}"), "—", "—"));
        }

        return rows;
    }

    /// <summary>The store writer's four figures, each "not measured" (and why, if known) when the scrapes gave none.</summary>
    private static void Writer(List<FigureRow> rows, HubFigures hub)
    {
        if (hub.Writer is not { } w)
        {
            var why = hub.WriterProblem is { } problem ? problem.ReplaceLineEndings(" ") : "—";
            rows.Add(new("hub store writer busy", NotMeasured, why, "—"));
            rows.Add(new("writer time per message", NotMeasured, "—", "—"));
            rows.Add(new("writer commit share", NotMeasured, "—", "—"));
            rows.Add(new("writer operations per batch", NotMeasured, "—", "—"));
            rows.Add(new("Submit inside the hub, mean", NotMeasured, "—", "—"));
            return;
        }

        rows.Add(new("hub store writer busy", Percent(w.Busy), Invariant($"{w.BusySeconds:0.0} s busy of {w.WallSeconds:0.0} s (1 writer: every write queues behind it; busy includes waiting for a core, split below)"), "—"));
        rows.Add(new("writer time per message", CpuMicroseconds(w.SecondsPerMessage), "—", "—"));
        rows.Add(new("writer commit share", Percent(w.CommitShare), "(COMMIT: WAL write + fsync)", "—"));
        rows.Add(new("writer operations per batch", Invariant($"{w.OperationsPerBatch:0.0}"), Invariant($"{w.Operations:N0} operations in {w.Batches:N0} batches"), "—"));
        rows.Add(new(
            "Submit inside the hub, mean",
            double.IsNaN(w.SubmitMeanMilliseconds) ? NotMeasured : Ms(w.SubmitMeanMilliseconds),
            "(the hub's histogram: the call to its committed receipt; the rest of submit→receipt is transport and CPU queueing)",
            "—"));
    }

    /// <summary>The kernel's view of the writer's busy time and of the hub's threads; "not measured" off Linux.</summary>
    private static void Scheduling(List<FigureRow> rows, HubFigures hub)
    {
        if (hub.Scheduling is not { } s)
        {
            rows.Add(new("writer on a CPU / waiting for one / neither", NotMeasured, "(Linux's /proc/PID/task/*/schedstat)", "—"));
            rows.Add(new("hub threads waiting for a CPU", NotMeasured, "—", "—"));
            rows.Add(new("hub's JIT re-compiling (tiered) on a CPU", NotMeasured, "—", "—"));
            return;
        }

        rows.Add(new(
            "writer on a CPU / waiting for one / neither",
            double.IsNaN(s.WriterOnCpu) ? NotMeasured : Invariant($"{Percent(s.WriterOnCpu)} / {Percent(s.WriterWaitingForCpu)} / {Percent(s.WriterElsewhere)}"),
            "(its thread's schedstat, of wall time; waiting = runnable with no core free; neither = fsync, disk reads, idle)",
            "—"));
        rows.Add(new(
            "hub threads waiting for a CPU",
            Invariant($"{s.HubThreadsWaitingForCpu:0.00}"),
            "(run-queue seconds summed over the hub's threads, per second: runnable threads with no core free)",
            "—"));
        rows.Add(new(
            "hub's JIT re-compiling (tiered) on a CPU",
            Percent(s.TieredJitOnCpu),
            "(its tiered-compilation thread, of wall time: well above 0, the hub was still warming up in the timed phase"
                + (hub.JitSettling is { } j ? Invariant($"; the warm-up waited {j.WaitedSeconds:0.0} s for it to go quiet{(j.Settled ? string.Empty : ", and it did not")})") : ")"),
            "—"));
    }

    /// <summary>The writer's utilisation for a summary column: "95 %" or "not measured".</summary>
    public static string WriterBusy(HubFigures hub) => hub.Writer is { } w ? Percent(w.Busy) : NotMeasured;

    private static void Latencies(List<FigureRow> rows, string name, Measure.LatencySummary hub, EchoFigures echo, double[] ratios)
    {
        double[] hubValues = [hub.P50, hub.P90, hub.P99, hub.Max];
        double[] echoValues = [echo.Latency.P50, echo.Latency.P90, echo.Latency.P99, echo.Latency.Max];
        for (var i = 0; i < PercentileNames.Length; i++)
        {
            rows.Add(new($"{name} {PercentileNames[i]}", Ms(hubValues[i]), $"echo {Ms(echoValues[i])}", Ratio(i < ratios.Length ? ratios[i] : double.NaN)));
        }
    }

    public static string Checks(ScenarioResult s)
    {
        var c = s.Checks;
        return Invariant(
            $"{(c.Complete ? "complete" : "INCOMPLETE")}: {c.Receipted}/{c.Messages} receipted, {c.ReceiptsVerified} receipts verified, {c.Delivered}/{c.DeliveriesExpected} delivered, {c.FullyRelayed}/{c.FullyRelayedExpected} messages with every delivery receipt relayed, {c.Duplicates} duplicates, {c.Unknown} unknown; {RetryText(s.Hub.Retries)}, {s.Hub.AcknowledgeCalls} acknowledge calls");
    }

    private static string RetryText(IReadOnlyDictionary<string, int> retries) =>
        retries.Count == 0 ? "no submission retried" : "retried submissions: " + string.Join(", ", retries.Select(r => Invariant($"{r.Value} {r.Key}")));
}
