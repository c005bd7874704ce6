using System.Diagnostics;
using HstFederation.LoadGenerator.Federation;
using HstFederation.LoadGenerator.Measure;
using HstFederation.LoadGenerator.Results;
using HstFederation.LoadGenerator.Scenarios;
using HstFederation.LoadGenerator.Workload;

namespace HstFederation.LoadGenerator.Load;

/// <summary>
/// One scenario against a fresh hub process: subscribers connect, the warm-up messages go through completely,
/// then the timed messages are offered (open or closed loop) and the phase ends when every one of them is
/// receipted, delivered and its delivery receipts relayed back (the slow subscriber aside). Hub CPU and peak
/// memory cover exactly that span (CPU read from /proc after the warm-up; VmHWM reset then, or whole-life if the
/// reset is refused, which <see cref="HubFigures.PeakRssReset"/> records), and so do the store writer's counters
/// (scraped from the hub's /metrics just before the CPU is first read and just after it is last read); every count and latency is of timed
/// messages only, so the warm-up's JIT tiering, connection set-up and cache filling are in no figure.
/// </summary>
internal static class HubScenario
{
    private static readonly TimeSpan MinimumDrain = TimeSpan.FromSeconds(60);

    public static async Task<(HubFigures Figures, Checks Checks, int ReceiptBytes)> RunAsync(
        MessagePlan plan, BenchFederation federation, string directory, TimeSpan rssInterval, int maxBacklog, CancellationToken cancellationToken)
    {
        var scenario = plan.Scenario;
        await using var hub = await HubHost.StartAsync(federation, directory, [], cancellationToken);
        using var channels = new MemberChannels(federation, hub.Address);
        var timeline = new Timeline(plan);
        var submitter = new Submitter(channels, timeline);
        submitter.Prepare(plan);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var subscribers = plan.Subscribers
            .Select(m => new Subscriber(m, new Protocol.V1.Hub.HubClient(channels.For(m)), plan, timeline, m == plan.SlowMember ? scenario.SlowDelay : null))
            .ToList();
        var subscriberFailure = Subscriber.UntilOneFailsAsync(subscribers.Select(s => s.RunAsync(stop.Token)));
        using var writer = new WriterScraper(hub.AdminPort);
        JitSettlingFigures? jitSettling;
        try
        {
            // One scrape before the warm-up, its result unused: the connection is open and the hub's exporter warm by the
            // timed phase, so the scrapes around it are quick and their moments (answer received) close to the phase's ends.
            await writer.ScrapeAsync(cancellationToken);

            // Warm-up (untimed, in no figure): connections, TLS sessions, JIT tiering and SQLite caches, on both sides.
            // Its messages are sealed apart from the timed ones and go the same way: submit, receipt, delivery,
            // acknowledgement with a signed delivery receipt, relay back to the sender.
            // Then a wait for the hub's tiered JIT to go quiet (JitSettling), so that what the warm-up made hot is compiled
            // before the timed phase starts rather than during it.
            var warmup = plan.WarmupMessages.ToList();
            await LoadDrivers.ClosedLoopAsync(warmup, scenario.InFlight, (m, t) => timeline.Scheduled(m.Index, t), submitter.SubmitAsync, cancellationToken);
            await WaitAsync(timeline.PhaseDone(0), subscriberFailure, MinimumDrain, "the warm-up", 0, timeline, hub);
            jitSettling = warmup.Count == 0 ? null : await JitSettling.WaitAsync(hub.Pid, cancellationToken);
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }

        var timed = plan.TimedMessages.ToList();
        var writerBefore = await writer.ScrapeAsync(cancellationToken);
        var peakReset = ProcessStats.ResetPeak(hub.Pid);
        var hubBefore = ProcessStats.Read(hub.Pid);
        var threadsBefore = ThreadSchedules.Read(hub.Pid);
        var selfBefore = ProcessStats.Self();
        var start = Stopwatch.GetTimestamp();
        double[][] rss;
        double tieredJitSeconds;
        OpenLoopFigures? openLoop = null;
        try
        {
            await using var sampler = new RssSampler(hub.Pid, rssInterval);
            await using var jitMeter = new TieredJitMeter(hub.Pid, JitSettling.Window);
            if (scenario.Mode == LoadMode.Open)
            {
                openLoop = await LoadDrivers.OpenLoopAsync(timed, scenario.Rate, (m, t) => timeline.Scheduled(m.Index, t), submitter.SubmitAsync, cancellationToken, maxBacklog);
            }
            else
            {
                await LoadDrivers.ClosedLoopAsync(timed, scenario.InFlight, (m, t) => timeline.Scheduled(m.Index, t), submitter.SubmitAsync, cancellationToken);
            }

            var offered = Stopwatch.GetElapsedTime(start);
            await WaitAsync(timeline.PhaseDone(1), subscriberFailure, MinimumDrain + offered, "the timed phase", 1, timeline, hub);
            rss = sampler.Samples;
            tieredJitSeconds = await jitMeter.StopAsync();
        }
        finally
        {
            // Ends the subscribers whether the phase completed or not; a failure already thrown wins.
            await stop.CancelAsync();
        }

        var end = Stopwatch.GetTimestamp();
        var hubAfter = ProcessStats.Read(hub.Pid);
        var threadsAfter = ThreadSchedules.Read(hub.Pid);
        var selfAfter = ProcessStats.Self();
        var writerAfter = writerBefore is null ? null : await writer.ScrapeAsync(cancellationToken);
        var slowAddressed = plan.SlowMember < 0 ? 0 : timed.Count(m => m.Recipients.Contains(plan.SlowMember));
        await subscriberFailure;
        await hub.StopAsync();

        var elapsed = Ticks.ToSeconds(end - start);
        var figures = new HubFigures
        {
            AcceptedPerSecond = timed.Count / Ticks.ToSeconds(timeline.LastReceipt - start),
            DeliveriesPerSecond = timeline.Deliveries / Ticks.ToSeconds(timeline.LastDelivery - start),
            Deliveries = timeline.Deliveries,
            Receipt = Percentiles.Summarize(timeline.Latencies(Milestone.Receipt)),
            AllDelivered = Percentiles.Summarize(timeline.Latencies(Milestone.AllDelivered)),
            AllRelayed = Percentiles.Summarize(timeline.Latencies(Milestone.AllRelayed)),
            CpuSecondsPerMessage = (hubAfter.CpuSeconds - hubBefore.CpuSeconds) / timed.Count,
            CpuCores = (hubAfter.CpuSeconds - hubBefore.CpuSeconds) / elapsed,
            FileBytesWrittenPerMessage = hubAfter.FileBytesWritten > 0 ? (double)(hubAfter.FileBytesWritten - hubBefore.FileBytesWritten) / timed.Count : null,
            PeakRssBytes = hubAfter.PeakRssBytes,
            PeakRssReset = peakReset,
            GeneratorCpuSecondsPerMessage = (selfAfter.CpuSeconds - selfBefore.CpuSeconds) / timed.Count,
            ElapsedSeconds = elapsed,
            Retries = WithSubscriberRetries(submitter.Retries, subscribers.Sum(s => s.Resumed), subscribers.Sum(s => s.AckRetries)),
            OpenLoop = openLoop,
            AcknowledgeCalls = subscribers.Sum(s => s.AckCalls),
            SlowDelivered = timeline.SlowDeliveries,
            SlowAddressed = slowAddressed,
            RssSamples = rss,
            Writer = WriterFigures.Between(writerBefore, writerAfter, timed.Count),
            WriterProblem = writer.Problem,
            Scheduling = SchedulingFigures.Between(threadsBefore, threadsAfter, elapsed, tieredJitSeconds),
            JitSettling = jitSettling,
        };
        var checks = ReceiptCheck.Run(plan, submitter.Responses, timeline, federation);
        var receiptBytes = submitter.Responses.FirstOrDefault(r => r is not null)?.Receipt.CalculateSize() ?? 0;
        return (figures, checks, receiptBytes);
    }

    /// <summary>Waits for the phase; a subscriber that failed or a phase that never completes ends the scenario with what is missing.</summary>
    public static async Task WaitAsync(Task phase, Task subscribers, TimeSpan timeout, string what, int phaseNumber, Timeline timeline, HubHost hub)
    {
        var finished = await Task.WhenAny(phase, subscribers, Task.Delay(timeout));
        if (finished == subscribers)
        {
            await subscribers; // throws the subscriber's failure
            throw new InvalidOperationException($"The subscribers stopped during {what}.");
        }

        if (finished != phase)
        {
            throw new TimeoutException(
                $"{what} did not complete within {timeout}: {timeline.Outstanding(phaseNumber)} receipts, deliveries or relays missing "
                + $"({timeline.Deliveries} timed deliveries, {timeline.Duplicates} duplicates, {timeline.Unknown} unknown).\n{hub.OutputTail}");
        }
    }

    /// <summary>
    /// The submission retries, plus the subscription streams resumed and the acknowledgements sent again after a
    /// transport failure (if any).
    /// </summary>
    private static IReadOnlyDictionary<string, int> WithSubscriberRetries(IReadOnlyDictionary<string, int> retries, long resumed, long ackRetries)
    {
        if (resumed == 0 && ackRetries == 0)
        {
            return retries;
        }

        var all = new SortedDictionary<string, int>(retries.ToDictionary(r => r.Key, r => r.Value), StringComparer.Ordinal);
        foreach (var (call, count) in new[] { ("Subscribe", resumed), ("Acknowledge", ackRetries) })
        {
            if (count > 0)
            {
                all[$"{call}/{SubmitRetry.TransportLabel}"] = (int)count;
            }
        }

        return all;
    }
}
