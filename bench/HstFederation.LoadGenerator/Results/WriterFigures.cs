using HstFederation.LoadGenerator.Measure;

namespace HstFederation.LoadGenerator.Results;

/// <summary>
/// The hub store's single writer over a scenario's timed phase, from its counters scraped just before the phase
/// and just after it (the points where hub CPU is read). Every write — a Submit's, an Acknowledge's — queues
/// behind this one writer, so <see cref="Busy"/> near 1 means writes wait; whether for the writer's own work or for a
/// core it is waiting to run on, <see cref="SchedulingFigures"/> tells.
/// </summary>
internal sealed record WriterFigures
{
    /// <summary>Writer busy seconds per wall second between the two scrapes (1 = saturated).</summary>
    public required double Busy { get; init; }

    /// <summary>Writer busy seconds per timed message.</summary>
    public required double SecondsPerMessage { get; init; }

    /// <summary>The part of the busy time spent in COMMIT (WAL write + fsync); NaN when the writer was never busy.</summary>
    public required double CommitShare { get; init; }

    /// <summary>Write operations per batch (group-commit size); NaN when no batch ran.</summary>
    public required double OperationsPerBatch { get; init; }

    public required double BusySeconds { get; init; }

    public required double WallSeconds { get; init; }

    public required double Batches { get; init; }

    public required double Operations { get; init; }

    /// <summary>
    /// The mean time a Submit spent inside the hub between the two scrapes (its histogram's sum over its count); NaN when
    /// the hub exposes no such histogram or no Submit completed (and in result files from before it was measured).
    /// </summary>
    public double SubmitMeanMilliseconds { get; init; } = double.NaN;

    /// <summary>The figures between two scrapes, or null when either is missing or they make no sense (the hub restarted: a counter went back).</summary>
    public static WriterFigures? Between(WriterCounters? before, WriterCounters? after, int messages)
    {
        if (before is null || after is null || after.Timestamp <= before.Timestamp || messages <= 0)
        {
            return null;
        }

        var busy = after.BusySeconds - before.BusySeconds;
        var commit = after.CommitSeconds - before.CommitSeconds;
        var batches = after.Batches - before.Batches;
        var operations = after.Operations - before.Operations;
        if (busy < 0 || commit < 0 || batches < 0 || operations < 0)
        {
            return null;
        }

        var wall = Ticks.ToSeconds(after.Timestamp - before.Timestamp);
        return new WriterFigures
        {
            Busy = busy / wall,
            SecondsPerMessage = busy / messages,
            CommitShare = busy > 0 ? commit / busy : double.NaN,
            OperationsPerBatch = batches > 0 ? operations / batches : double.NaN,
            BusySeconds = busy,
            WallSeconds = wall,
            Batches = batches,
            Operations = operations,
            SubmitMeanMilliseconds = after.SubmitCount > before.SubmitCount
                ? (after.SubmitMillisecondsSum - before.SubmitMillisecondsSum) / (after.SubmitCount - before.SubmitCount)
                : double.NaN,
        };
    }
}
