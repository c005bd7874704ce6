namespace HstFederation.LoadGenerator.Measure;

/// <summary>Nearest-rank percentiles and a CDF of a set of latencies in milliseconds.</summary>
internal static class Percentiles
{
    /// <summary>Points of the CDF kept in the JSON: every 1 % up to 90 %, then finer into the tail, then the max.</summary>
    private static readonly double[] CdfQuantiles =
    [
        .. Enumerable.Range(0, 91).Select(i => i / 100.0),
        .. Enumerable.Range(1, 90).Select(i => 0.90 + (i / 1000.0)),
        0.995, 0.999, 0.9995, 0.9999, 1.0,
    ];

    public static LatencySummary Summarize(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return LatencySummary.Empty;
        }

        var sorted = values.Order().ToArray();
        return new LatencySummary(
            sorted.Length,
            At(sorted, 0.50),
            At(sorted, 0.90),
            At(sorted, 0.99),
            sorted[^1],
            sorted.Average(),
            CdfQuantiles.Distinct().Order().Select(q => new[] { Math.Round(At(sorted, q), 3), q }).ToArray());
    }

    private static double At(double[] sorted, double quantile)
    {
        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
