namespace HstFederation.LoadGenerator.Measure;

/// <param name="Cdf">Pairs [milliseconds, fraction of messages at or below it].</param>
internal sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max, double Mean, double[][] Cdf)
{
    public static LatencySummary Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, []);
}
