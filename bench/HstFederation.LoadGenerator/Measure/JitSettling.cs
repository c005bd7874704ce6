using System.Diagnostics;
using HstFederation.LoadGenerator.Results;

namespace HstFederation.LoadGenerator.Measure;

/// <summary>
/// Waits, after the warm-up, until the hub's tiered JIT has gone quiet: its tiered-compilation thread used less than
/// <see cref="QuietShare"/> of one core over a <see cref="Window"/>, or <see cref="Limit"/> passed. It only lets the JIT
/// finish what it has queued: methods it re-compiled with instrumentation need calls, i.e. load, to be compiled for
/// good, so the warm-up itself must keep the hub busy long enough (Profiles, "full"). Off Linux (no per-thread
/// counters) it returns at once.
/// </summary>
internal static class JitSettling
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public const double QuietShare = 0.02;

    /// <summary>How long it waited, and whether the JIT went quiet within <see cref="Limit"/> (not if the hub went away).</summary>
    public static async Task<JitSettlingFigures> WaitAsync(int pid, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var before = ThreadSchedules.Read(pid);
        if (before.Count == 0)
        {
            return new JitSettlingFigures(0, Settled: !OperatingSystem.IsLinux());
        }

        var readAt = start;
        while (Stopwatch.GetElapsedTime(start) < Limit)
        {
            await Task.Delay(Window, cancellationToken);
            var after = ThreadSchedules.Read(pid);
            var now = Stopwatch.GetTimestamp();
            if (after.Count == 0)
            {
                return new JitSettlingFigures(Stopwatch.GetElapsedTime(start).TotalSeconds, Settled: false);
            }

            if (IsQuiet(SchedulingFigures.TieredJitCpuBetween(before, after), Stopwatch.GetElapsedTime(readAt, now)))
            {
                return new JitSettlingFigures(Stopwatch.GetElapsedTime(start).TotalSeconds, Settled: true);
            }

            before = after;
            readAt = now;
        }

        return new JitSettlingFigures(Stopwatch.GetElapsedTime(start).TotalSeconds, Settled: false);
    }

    public static bool IsQuiet(double jitCpuSeconds, TimeSpan window) => jitCpuSeconds < QuietShare * window.TotalSeconds;
}
