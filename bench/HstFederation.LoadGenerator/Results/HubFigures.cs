using HstFederation.LoadGenerator.Measure;

namespace HstFederation.LoadGenerator.Results;

/// <summary>What the hub did in a scenario's timed phase.</summary>
internal sealed record HubFigures
{
    /// <summary>Timed messages / seconds from the first send to the last acceptance receipt.</summary>
    public required double AcceptedPerSecond { get; init; }

    /// <summary>Envelope deliveries to the (non-slow) subscribers / seconds from the first send to the last of them.</summary>
    public required double DeliveriesPerSecond { get; init; }

    public required long Deliveries { get; init; }

    public required LatencySummary Receipt { get; init; }

    public required LatencySummary AllDelivered { get; init; }

    public required LatencySummary AllRelayed { get; init; }

    /// <summary>Hub process CPU (user + system) from the start of the timed phase until every delivery receipt was relayed, per message.</summary>
    public required double CpuSecondsPerMessage { get; init; }

    /// <summary>Hub CPU seconds per wall second over the same span (2.0 = both cores of this machine).</summary>
    public required double CpuCores { get; init; }

    /// <summary>
    /// What the hub wrote to its files (the store's WAL, checkpoints into the database file) over the same span, per
    /// message; null where /proc has no I/O accounting (and in results written before it was measured).
    /// </summary>
    public double? FileBytesWrittenPerMessage { get; init; }

    /// <summary>Hub VmHWM over the timed phase.</summary>
    public required long PeakRssBytes { get; init; }

    /// <summary>The generator's own CPU per message over the same span: it shares the machine with the hub.</summary>
    public required double GeneratorCpuSecondsPerMessage { get; init; }

    public required double ElapsedSeconds { get; init; }

    /// <summary>Submissions refused as retriable (in-flight or rate limit, store busy) or failed in transport ("status/transport") and sent again, by "status/reason".</summary>
    public required IReadOnlyDictionary<string, int> Retries { get; init; }

    /// <summary>Open loop only: the rate offered against the rate actually sent under the backlog cap, and the backlog's peak.</summary>
    public Load.OpenLoopFigures? OpenLoop { get; init; }

    public required long AcknowledgeCalls { get; init; }

    /// <summary>Timed envelopes the slow subscriber had received by the end, of the timed ones addressed to it (warm-up excluded).</summary>
    public long SlowDelivered { get; init; }

    public long SlowAddressed { get; init; }

    /// <summary>True when the hub's VmHWM was reset after the warm-up (PeakRssBytes is the timed phase's peak); false: the whole process life's.</summary>
    public bool PeakRssReset { get; init; }

    /// <summary>
    /// The store writer over the timed phase (its utilisation, busy time per message, commit share, group-commit
    /// size), from the hub's /metrics; null when not measured (a scrape failed, see <see cref="WriterProblem"/>,
    /// or a result file older than these figures).
    /// </summary>
    public WriterFigures? Writer { get; init; }

    /// <summary>Why <see cref="Writer"/> was not measured, when a scrape failed.</summary>
    public string? WriterProblem { get; init; }

    /// <summary>
    /// How the hub's threads, the store writer's among them, were scheduled over the timed phase (Linux's per-thread
    /// counters); null when not measured (another platform, or a result file older than these figures).
    /// </summary>
    public SchedulingFigures? Scheduling { get; init; }

    /// <summary>How long the warm-up waited for the hub's tiered JIT to go quiet; null in result files from before.</summary>
    public JitSettlingFigures? JitSettling { get; init; }

    /// <summary>Pairs [seconds since the timed phase started, hub RSS bytes].</summary>
    public required double[][] RssSamples { get; init; }
}
