using System.Diagnostics;
using HstFederation.LoadGenerator.Baselines.V1;
using HstFederation.LoadGenerator.Federation;
using HstFederation.LoadGenerator.Measure;
using HstFederation.LoadGenerator.Results;
using HstFederation.LoadGenerator.Workload;

namespace HstFederation.LoadGenerator.Baselines;

/// <summary>
/// Baseline (b): every (non-slow) recipient member of the scenario opens one server stream on its own
/// mutual-TLS channel and receives envelope-sized payloads as fast as they come; the rate is all payloads
/// over the time from the first request to the last payload. Each stream carries what the hub delivered
/// to that member, capped so the whole baseline moves at most <see cref="MaxBytes"/>. Before it, untimed, each
/// stream carries the scenario's warm-up share (its warm-up deliveries per recipient, at least 20 unless the
/// warm-up is off), as the hub's subscribers did.
/// </summary>
internal static class StreamBaseline
{
    private const long MaxBytes = 1L << 30;

    public static async Task<StreamFigures> RunAsync(MessagePlan plan, BaselineServerProcess server, BenchFederation federation, CancellationToken cancellationToken)
    {
        var recipients = plan.Subscribers.Where(m => m != plan.SlowMember && plan.TimedMessages.Any(p => p.Recipients.Contains(m))).ToArray();
        var deliveries = plan.TimedMessages.Sum(m => (long)m.Recipients.Count(r => r != plan.SlowMember));
        var size = plan.EnvelopeBytes;
        var perSubscriber = (int)Math.Max(1, Math.Min(deliveries / recipients.Length, MaxBytes / size / recipients.Length));

        using var channels = new MemberChannels(federation, server.Address);
        var clients = recipients.Select(m => new Baseline.BaselineClient(channels.For(m))).ToArray();
        var warmupDeliveries = plan.WarmupMessages.Sum(m => (long)m.Recipients.Count(r => r != plan.SlowMember));
        var warmupPerSubscriber = plan.Scenario.Warmup == 0 ? 0 : (int)Math.Max(20, Math.Min(warmupDeliveries / recipients.Length, MaxBytes / 4 / size / recipients.Length));
        if (warmupPerSubscriber > 0)
        {
            await Task.WhenAll(clients.Select(c => DrainAsync(c, warmupPerSubscriber, size, cancellationToken)));
        }

        ProcessStats.ResetPeak(server.Pid);
        var before = ProcessStats.Read(server.Pid);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(clients.Select(c => Task.Run(() => DrainAsync(c, perSubscriber, size, cancellationToken), cancellationToken)));
        var end = Stopwatch.GetTimestamp();
        var after = ProcessStats.Read(server.Pid);
        var total = (long)perSubscriber * clients.Length;
        return new StreamFigures
        {
            Subscribers = clients.Length,
            PerSubscriber = perSubscriber,
            PayloadBytes = size,
            DeliveriesPerSecond = total / Ticks.ToSeconds(end - start),
            CpuSecondsPerDelivery = (after.CpuSeconds - before.CpuSeconds) / total,
            PeakRssBytes = after.PeakRssBytes,
            ElapsedSeconds = Ticks.ToSeconds(end - start),
        };
    }

    private static async Task DrainAsync(Baseline.BaselineClient client, int count, int size, CancellationToken cancellationToken)
    {
        using var call = client.Stream(new StreamRequest { Count = (uint)count, Size = (uint)size }, cancellationToken: cancellationToken);
        var received = 0;
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            received++;
        }

        if (received != count)
        {
            throw new InvalidOperationException($"The baseline stream ended after {received} of {count} payloads.");
        }
    }
}
