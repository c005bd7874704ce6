namespace HstFederation.LoadGenerator.Measure;

/// <summary>
/// The hub store writer's cumulative counters as one scrape of the hub's /metrics showed them
/// (hst_hub_writer_*, docs/hub.md "Metrics"), and when: <see cref="Timestamp"/> is the Stopwatch timestamp at
/// which the scrape's answer arrived. With them, the running sum and count of the hub's histogram of Submit inside the
/// hub (from the call to the committed receipt; NaN when the scrape has none), so that a run can tell the time a
/// submission spends in the hub from the time it spends reaching it and coming back.
/// </summary>
internal sealed record WriterCounters(
    double BusySeconds, double CommitSeconds, double Batches, double Operations, long Timestamp,
    double SubmitMillisecondsSum = double.NaN, double SubmitCount = double.NaN)
{
    public const string SubmitSumName = "hst_hub_submit_duration_milliseconds_sum";
    public const string SubmitCountName = "hst_hub_submit_duration_milliseconds_count";

    public const string BusyName = "hst_hub_writer_busy_seconds_total";
    public const string CommitName = "hst_hub_writer_commit_seconds_total";
    public const string BatchesName = "hst_hub_writer_batches_total";
    public const string OperationsName = "hst_hub_writer_operations_total";

    /// <summary>The four counters of a scrape's Prometheus text, or null (and which is missing) when any is absent.</summary>
    public static WriterCounters? From(string metrics, long timestamp, out string? problem)
    {
        var values = PrometheusText.Parse(metrics);
        var missing = new[] { BusyName, CommitName, BatchesName, OperationsName }.Where(n => !values.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            problem = $"the hub's metrics have no {string.Join(", ", missing)}";
            return null;
        }

        problem = null;
        return new WriterCounters(
            values[BusyName], values[CommitName], values[BatchesName], values[OperationsName], timestamp,
            values.GetValueOrDefault(SubmitSumName, double.NaN), values.GetValueOrDefault(SubmitCountName, double.NaN));
    }
}
