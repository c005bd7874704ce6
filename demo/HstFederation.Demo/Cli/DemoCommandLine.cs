using HstFederation.Demo.Federation;
using HstFederation.Demo.Reporting;
using HstFederation.Demo.Run;

namespace HstFederation.Demo.Cli;

/// <summary>The entry point: parses the command line, runs the scenario, prints the verdict or the --json summary.</summary>
internal static class DemoCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadArguments = 2;
    public const int Interrupted = 130;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, TimeProvider time, CancellationToken cancellationToken)
    {
        DemoOptions options;
        try
        {
            options = DemoOptions.Parse(args);
        }
        catch (DemoUsageException e)
        {
            stderr.WriteLine("hst-demo: " + e.Message);
            stderr.WriteLine();
            stderr.WriteLine(DemoHelp.Text);
            return BadArguments;
        }

        if (options.Help)
        {
            stdout.WriteLine(DemoHelp.Text);
            return Success;
        }

        var started = time.GetTimestamp();
        var report = new DemoReport(options.Json ? stderr : stdout);
        DemoRunner? runner = null;
        try
        {
            var federation = LoadFederation(options, report);
            report.Heading($"HST demo on the running federation {federation.Path}");
            report.Line($"hub {federation.Hub.Identity}; nodes {string.Join(", ", federation.Nodes.Select(n => n.Member))}");
            // What every step below relies on, said once: the steps show it happening, not what it is.
            report.Line("every message is signed by its source and encrypted end to end to its addressees (and to the hub only when the source lets it read); every call is gRPC over mutual TLS 1.3");
            runner = new DemoRunner(federation, new DevPkiTool(options.PkiTool, time), new NodeSwitch(options.Hst, federation, time), report, time, options.Deadline);
            await runner.RunAsync(cancellationToken);
        }
        catch (ExpectationFailedException)
        {
            // Recorded in the report; the verdict below names it.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine("hst-demo: interrupted");
            return Interrupted;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failure the steps do not expect still ends with a verdict (and, with --json, a summary) rather than a stack trace.
            report.Expect("unexpected-error", false, $"{e.GetType().Name}: {e.Message}");
        }

        var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;
        var summary = Summarise(options, report, runner?.Messages ?? [], runner?.Intelligence ?? new IntelligenceTally(), runner?.Lifecycle ?? new LifecycleTally(), elapsed);
        if (options.Json)
        {
            stdout.WriteLine(summary.ToJson());
        }
        else
        {
            stdout.WriteLine();
            stdout.WriteLine(summary.Ok
                ? $"DEMO OK: {report.Checks.Count} expectations held; {Counts(summary)} in {elapsed} ms"
                : $"DEMO FAILED: {report.FirstFailure!.Name}: {report.FirstFailure.Detail}");
        }

        return summary.Ok ? Success : Failure;
    }

    private static FederationFile LoadFederation(DemoOptions options, DemoReport report)
    {
        try
        {
            return FederationFile.Load(options.Federation);
        }
        catch (DemoSetupException e)
        {
            report.Require("federation-readable", false, e.Message);
            throw; // not reached: Require throws
        }
    }

    private static DemoSummary Summarise(
        DemoOptions options, DemoReport report, IReadOnlyList<SentMessage> messages, IntelligenceTally intelligence, LifecycleTally lifecycle, long elapsedMs)
    {
        var failed = report.FirstFailure;
        return new DemoSummary(
            Ok: failed is null && report.Checks.Count > 0,
            Federation: Path.GetFullPath(options.Federation),
            Members: DemoRunner.Members,
            Submitted: messages.Count(m => m.MessageId is not null),
            Accepted: messages.Count(m => m.State == "accepted"),
            Rejected: messages.Count(m => m.State == "rejected"),
            Delivered: messages.Sum(m => m.DeliveredTo.Count()),
            Receipts: messages.Sum(m => m.ReceiptMs.Keys.Count(m.To.Contains)),
            Hits: intelligence.Hits,
            Releases: intelligence.Releases,
            Products: intelligence.Products,
            Lifecycle: new LifecycleSummary(
                lifecycle.Updates, lifecycle.Restrictions, lifecycle.Recalls, lifecycle.Confirmations, lifecycle.OutstandingWhileOffline,
                lifecycle.OutstandingConfirmations),
            Messages: [.. messages.Where(m => m.MessageId is not null).Select(m => m.ToSummary())],
            Checks: report.Checks,
            Failed: failed?.Name,
            ElapsedMs: elapsedMs);
    }

    private static string Counts(DemoSummary s) =>
        $"{s.Submitted} messages submitted, {s.Accepted} accepted, {s.Rejected} rejected, {s.Delivered} deliveries, {s.Receipts} signed delivery receipts; "
        + $"{s.Hits} hit notifications, {s.Releases} release, {s.Products} analytical products; "
        + $"{s.Lifecycle.Updates} update, {s.Lifecycle.Restrictions} restriction orders, {s.Lifecycle.Recalls} recall, {s.Lifecycle.Confirmations} signed confirmations "
        + $"({s.Lifecycle.OutstandingWhileOffline} outstanding while ES was offline, {s.Lifecycle.OutstandingConfirmations} at the end)";
}
