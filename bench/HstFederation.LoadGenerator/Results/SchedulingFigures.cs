using HstFederation.LoadGenerator.Measure;

namespace HstFederation.LoadGenerator.Results;

/// <summary>
/// How the hub's threads were scheduled over a scenario's timed phase, from the kernel's per-thread counters
/// (<see cref="ThreadSchedules"/>): whether the store writer's busy time was its own work, a wait for a core, or a wait
/// for the disk, and how many of the hub's threads were runnable with no core free. On two cores shared with the
/// generator, a writer that is "busy" may mostly be waiting for a CPU: then the cores, not the writer, bound the hub.
/// </summary>
internal sealed record SchedulingFigures
{
    /// <summary>The writer thread's time on a CPU per wall second; NaN when the hub has no thread of that name.</summary>
    public required double WriterOnCpu { get; init; }

    /// <summary>The writer thread's time runnable but waiting for a CPU, per wall second; NaN as above.</summary>
    public required double WriterWaitingForCpu { get; init; }

    /// <summary>The rest of the wall time: the writer blocked (fsync, a read from disk) or idle with nothing to write.</summary>
    public double WriterElsewhere => 1 - WriterOnCpu - WriterWaitingForCpu;

    /// <summary>Run-queue time summed over all the hub's threads, per wall second (threads waiting for a core, on average).</summary>
    public required double HubThreadsWaitingForCpu { get; init; }

    /// <summary>
    /// The runtime's tiered-compilation thread on a CPU, per wall second: the JIT re-compiling hot methods optimized
    /// (first compilations run on the calling threads and are not in it). Well above zero, the timed phase ran while the
    /// hub was still warming up, and its figures include that.
    /// </summary>
    public required double TieredJitOnCpu { get; init; }

    public required double WallSeconds { get; init; }

    /// <summary>The name Linux gives .NET's tiered-compilation worker (".NET Tiered Compilation Worker", cut to 15 characters).</summary>
    public const string TieredJitThreadName = ".NET Tiered Com";

    /// <summary>
    /// CPU seconds the tiered-compilation thread used between two close readings. The runtime ends that thread when it
    /// has been idle a while and starts a new one when needed: a thread that ended is left out, one that started counts
    /// from its start, and a difference is never negative (a new thread that got an old one's id). Over a long phase,
    /// sum this over frequent readings (<see cref="Measure.TieredJitMeter"/>), or an ended thread's work is lost.
    /// </summary>
    public static double TieredJitCpuBetween(IReadOnlyDictionary<int, ThreadSchedule> before, IReadOnlyDictionary<int, ThreadSchedule> after) =>
        after
            .Where(t => t.Value.Name == TieredJitThreadName)
            .Sum(t => Math.Max(0, t.Value.CpuSeconds - (before.TryGetValue(t.Key, out var then) && then.Name == TieredJitThreadName ? then.CpuSeconds : 0)));

    /// <summary>
    /// The figures between two readings, or null when either is empty (not Linux, no schedstat). A thread that ended
    /// between them is left out; one that started counts from its start. The tiered JIT's CPU seconds come from a
    /// <see cref="Measure.TieredJitMeter"/> over the same span.
    /// </summary>
    public static SchedulingFigures? Between(
        IReadOnlyDictionary<int, ThreadSchedule> before, IReadOnlyDictionary<int, ThreadSchedule> after, double wallSeconds, double tieredJitSeconds)
    {
        if (before.Count == 0 || after.Count == 0 || wallSeconds <= 0)
        {
            return null;
        }

        double waiting = 0, writerCpu = double.NaN, writerWait = double.NaN;
        foreach (var (tid, now) in after)
        {
            var then = before.TryGetValue(tid, out var earlier) && earlier.Name == now.Name ? earlier : new ThreadSchedule(now.Name, 0, 0);
            waiting += now.WaitSeconds - then.WaitSeconds;
            if (now.Name == Hub.Storage.WriterLoop.ThreadName)
            {
                writerCpu = now.CpuSeconds - then.CpuSeconds;
                writerWait = now.WaitSeconds - then.WaitSeconds;
            }
        }

        return new SchedulingFigures
        {
            WriterOnCpu = writerCpu / wallSeconds,
            WriterWaitingForCpu = writerWait / wallSeconds,
            HubThreadsWaitingForCpu = waiting / wallSeconds,
            TieredJitOnCpu = tieredJitSeconds / wallSeconds,
            WallSeconds = wallSeconds,
        };
    }
}
