using System.Diagnostics.Metrics;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Telemetry;

/// <summary>
/// The hub's meter ("HstFederation.Hub"). Handlers call the methods below; the queue gauges are read
/// from the store's statistics when a scrape asks (cached, see <see cref="QueueDepths"/>). Names follow
/// OpenTelemetry conventions; the Prometheus exporter turns <c>hst.hub.envelopes.accepted</c> into
/// <c>hst_hub_envelopes_accepted_total</c> and so on. Tags never carry message content.
/// </summary>
internal sealed class HubMetrics
{
    public const string MeterName = "HstFederation.Hub";
    public const string AcceptedName = "hst.hub.envelopes.accepted";
    public const string RejectedName = "hst.hub.rejections";
    public const string DeliveredName = "hst.hub.deliveries.sent";
    public const string SubmitDurationName = "hst.hub.submit.duration";
    public const string QueueDepthName = "hst.hub.queue.depth";
    public const string QueueOldestAgeName = "hst.hub.queue.oldest_age";
    public const string WriterBusyName = "hst.hub.writer.busy";
    public const string WriterCommitName = "hst.hub.writer.commit";
    public const string WriterBatchesName = "hst.hub.writer.batches";
    public const string WriterOperationsName = "hst.hub.writer.operations";
    public const string WriterCommitDurationName = "hst.hub.writer.commit.duration";

    private static readonly double[] DurationBucketsMs = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000];
    private static readonly double[] CommitBucketsMs = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000];

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _delivered;
    private readonly Histogram<double> _submitDuration;
    private readonly Histogram<double> _commitDuration;

    public HubMetrics(IMeterFactory meters, QueueDepths queues, HubStore store)
        : this(meters, queues, () => store.WriterActivity)
    {
        store.WriterCommitted += WriterCommitted;
    }

    /// <param name="writer">The store writer's activity so far, read when a scrape asks (tests give a fixed one).</param>
    internal HubMetrics(IMeterFactory meters, QueueDepths queues, Func<WriterActivity> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Meter = meters.Create(MeterName);
        _accepted = Meter.CreateCounter<long>(AcceptedName, "{envelope}",
            "Envelopes accepted on Submit; duplicate=true when an identical resubmission got the stored receipt again.");
        _rejected = Meter.CreateCounter<long>(RejectedName, "{rejection}",
            "Requests refused, by RejectionReason.");
        _delivered = Meter.CreateCounter<long>(DeliveredName, "{delivery}",
            "Deliveries written to subscriber streams (envelopes, relayed receipts and notices).");
        _submitDuration = Meter.CreateHistogram(SubmitDurationName, "ms",
            "Time from receiving a Submit to answering it (receipt or refusal).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBucketsMs });
        Meter.CreateObservableGauge(QueueDepthName, queues.ObserveDepths, "{delivery}",
            "Deliveries not yet acknowledged, per party (from the store, refreshed every few seconds).");
        Meter.CreateObservableGauge(QueueOldestAgeName, queues.ObserveOldestAges, "s",
            "Age of the oldest unacknowledged delivery's message, per party with a non-empty queue.");

        // Every write (a Submit's, an Acknowledge's, ...) goes through one writer: its utilisation is the hub's capacity signal.
        Meter.CreateObservableCounter(WriterBusyName, () => writer().Busy.TotalSeconds, "s",
            "Time the single store writer spent running write batches; its rate is the writer's utilisation (near 1 it never idles and every write waits for the batch in progress).");
        Meter.CreateObservableCounter(WriterCommitName, () => writer().Commit.TotalSeconds, "s",
            "Part of the writer's busy time spent committing (writing and syncing the WAL).");
        Meter.CreateObservableCounter(WriterBatchesName, () => writer().Batches, "{batch}",
            "Write batches committed or abandoned (one transaction each: group commit).");
        _commitDuration = Meter.CreateHistogram(WriterCommitDurationName, "ms",
            "Time one write batch's COMMIT took (writing and syncing the WAL): its tail shows a slow or shared disk.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CommitBucketsMs });
        Meter.CreateObservableCounter(WriterOperationsName, () => writer().Operations, "{operation}",
            "Write operations run by the writer (a Submit, an Acknowledge call, an audit entry, ...).");
    }

    /// <summary>The meter instance (created through the host's IMeterFactory); tests listen to exactly this one.</summary>
    public Meter Meter { get; }

    public void Accepted(bool duplicate) => _accepted.Add(1, new KeyValuePair<string, object?>("duplicate", duplicate));

    public void Rejected(RejectionReason reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    public void Delivered(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _delivered.Add(count);
    }

    /// <summary>One write batch's COMMIT, as the store's writer reports it.</summary>
    public void WriterCommitted(TimeSpan elapsed) => _commitDuration.Record(elapsed.TotalMilliseconds);

    /// <summary>Measure with <c>TimeProvider.GetTimestamp()</c> / <c>GetElapsedTime(start)</c>.</summary>
    public void SubmitCompleted(TimeSpan elapsed) => _submitDuration.Record(elapsed.TotalMilliseconds);
}
