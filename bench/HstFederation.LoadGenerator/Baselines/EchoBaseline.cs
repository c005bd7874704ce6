using System.Diagnostics;
using HstFederation.LoadGenerator.Baselines.V1;
using HstFederation.LoadGenerator.Federation;
using HstFederation.LoadGenerator.Load;
using HstFederation.LoadGenerator.Measure;
using HstFederation.LoadGenerator.Results;
using HstFederation.LoadGenerator.Scenarios;
using HstFederation.LoadGenerator.Workload;

namespace HstFederation.LoadGenerator.Baselines;

/// <summary>
/// Baseline (a): each planned envelope sent as a unary echo by the same sender member over its own mutual-TLS
/// channel, with the scenario's load shape (same rate, or same number in flight) and warm-up. An open-loop
/// baseline stops after <see cref="MaxOpenLoopSeconds"/>: a soak's ten minutes of echo would add nothing.
/// </summary>
internal static class EchoBaseline
{
    private const int MaxOpenLoopSeconds = 60;

    public static async Task<EchoFigures> RunAsync(MessagePlan plan, BaselineServerProcess server, BenchFederation federation, CancellationToken cancellationToken)
    {
        var scenario = plan.Scenario;
        using var channels = new MemberChannels(federation, server.Address);
        var clients = plan.Messages.Select(m => m.Sender).Distinct().ToDictionary(s => s, s => new Baseline.BaselineClient(channels.For(s)));
        var payloads = plan.Messages.Select(m => new Payload { Data = m.Request.Envelope }).ToArray();
        var scheduled = new long[payloads.Length];
        var answered = new long[payloads.Length];

        async Task SendAsync(PlannedMessage message, CancellationToken token)
        {
            await clients[message.Sender].EchoAsync(payloads[message.Index], deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(60), cancellationToken: token);
            answered[message.Index] = Stopwatch.GetTimestamp();
        }

        void Schedule(PlannedMessage message, long ticks) => scheduled[message.Index] = ticks;

        await LoadDrivers.ClosedLoopAsync(plan.WarmupMessages.ToList(), scenario.InFlight, Schedule, SendAsync, cancellationToken);

        var timed = plan.TimedMessages
            .Take(scenario.Mode == LoadMode.Open ? (int)Math.Max(1, scenario.Rate * MaxOpenLoopSeconds) : int.MaxValue)
            .ToList();
        ProcessStats.ResetPeak(server.Pid);
        var before = ProcessStats.Read(server.Pid);
        var start = Stopwatch.GetTimestamp();
        await (scenario.Mode == LoadMode.Open
            ? LoadDrivers.OpenLoopAsync(timed, scenario.Rate, Schedule, SendAsync, cancellationToken)
            : LoadDrivers.ClosedLoopAsync(timed, scenario.InFlight, Schedule, SendAsync, cancellationToken));
        var end = Stopwatch.GetTimestamp();
        var after = ProcessStats.Read(server.Pid);
        return new EchoFigures
        {
            Calls = timed.Count,
            CallsPerSecond = timed.Count / Ticks.ToSeconds(end - start),
            Latency = Percentiles.Summarize(timed.Select(m => Ticks.ToMilliseconds(answered[m.Index] - scheduled[m.Index])).ToArray()),
            CpuSecondsPerCall = (after.CpuSeconds - before.CpuSeconds) / timed.Count,
            PeakRssBytes = after.PeakRssBytes,
            ElapsedSeconds = Ticks.ToSeconds(end - start),
        };
    }
}
