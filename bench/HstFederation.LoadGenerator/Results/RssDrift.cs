namespace HstFederation.LoadGenerator.Results;

/// <summary>
/// Whether the hub's memory stayed flat over a long phase (issue 6: within 10 % over a 10-minute soak). The
/// first fifth of the phase (at least a minute) is left out: the thread pool, caches, the slow subscriber's
/// backlog and the GC's heap sizing grow there by design. Over the rest, the least-squares trend of RSS
/// against time, extrapolated over that span, is compared with the mean — a trend, because single samples
/// swing by ±10 % with every collection and say nothing about a leak.
/// </summary>
internal sealed record RssDrift(long MeanBytes, long LowBytes, long HighBytes, double Trend, double SpanSeconds)
{
    public const double Tolerance = 0.10;
    private const double MinimumSettleSeconds = 60;

    public bool Flat => Math.Abs(Trend) <= Tolerance;

    /// <summary>Null when the phase is shorter than three minutes: too short to call a trend.</summary>
    public static RssDrift? Of(double[][] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length == 0 || samples[^1][0] < 3 * MinimumSettleSeconds)
        {
            return null;
        }

        var settle = Math.Max(MinimumSettleSeconds, samples[^1][0] / 5);
        var window = samples.Where(s => s[0] >= settle).ToArray();
        if (window.Length < 10)
        {
            return null;
        }

        var meanTime = window.Average(s => s[0]);
        var mean = window.Average(s => s[1]);
        var covariance = window.Sum(s => (s[0] - meanTime) * (s[1] - mean));
        var variance = window.Sum(s => (s[0] - meanTime) * (s[0] - meanTime));
        var span = window[^1][0] - window[0][0];
        var trend = variance == 0 || mean <= 0 ? 0 : covariance / variance * span / mean;
        var sorted = window.Select(s => s[1]).Order().ToArray();
        return new RssDrift((long)mean, (long)sorted[sorted.Length / 20], (long)sorted[sorted.Length * 19 / 20], trend, span);
    }
}
