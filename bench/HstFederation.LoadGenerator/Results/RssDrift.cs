namespace HstFederation.LoadGenerator.Results;

/// <summary>
/// Whether the hub's memory stayed flat over a long phase (issue 6: within 10 % over a 10-minute soak). The
/// first minute is left out as the reference's settling time (thread pool, caches and the GC's heap sizing grow
/// there by design); the reference is the median RSS of the second minute, compared with the median of the last
/// minute (drift) and with the highest sample after the first minute (peak). Medians, because one sample
/// taken during a GC is not a trend.
/// </summary>
internal sealed record RssDrift(long ReferenceBytes, long EndBytes, long PeakBytes)
{
    public const double Tolerance = 0.10;
    private const double SettleSeconds = 60;
    private const double WindowSeconds = 60;

    /// <summary>Last minute ÷ second minute − 1.</summary>
    public double Drift => (double)EndBytes / ReferenceBytes - 1;

    /// <summary>Highest sample after the first minute ÷ second minute − 1.</summary>
    public double PeakAbove => (double)PeakBytes / ReferenceBytes - 1;

    public bool Flat => Math.Abs(Drift) <= Tolerance && PeakAbove <= Tolerance;

    /// <summary>Null when the series is shorter than three minutes: too short to call a trend.</summary>
    public static RssDrift? Of(double[][] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length == 0 || samples[^1][0] < SettleSeconds + 2 * WindowSeconds)
        {
            return null;
        }

        var end = samples[^1][0];
        var reference = Median(samples.Where(s => s[0] >= SettleSeconds && s[0] < SettleSeconds + WindowSeconds));
        var last = Median(samples.Where(s => s[0] > end - WindowSeconds));
        var peak = samples.Where(s => s[0] >= SettleSeconds).Max(s => s[1]);
        return reference <= 0 ? null : new RssDrift((long)reference, (long)last, (long)peak);
    }

    private static double Median(IEnumerable<double[]> window)
    {
        var values = window.Select(s => s[1]).Order().ToArray();
        return values.Length == 0 ? 0 : values[values.Length / 2];
    }
}
