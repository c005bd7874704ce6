using HstFederation.LoadGenerator.Results;

namespace HstFederation.Hub.Tests.Load;

/// <summary>The soak's flat-memory verdict (target: hub RSS within 10 % over ten minutes).</summary>
public sealed class RssDriftTests
{
    private const long Mb = 1024 * 1024;

    [Fact]
    public void ShortSeriesHaveNoVerdict()
    {
        Assert.Null(RssDrift.Of([]));
        Assert.Null(RssDrift.Of(Series(seconds: 179, at: _ => 100 * Mb)));
    }

    [Fact]
    public void GrowthInTheFirstFifthAndSwingsAroundALevelAreFlat()
    {
        // Start-up growth does not count; ±15 % swings (collections) around a steady level are not a trend.
        var drift = RssDrift.Of(Series(seconds: 600, at: t => t < 120 ? 40 * Mb + t * Mb : t % 10 == 0 ? 115 * Mb : t % 10 == 5 ? 85 * Mb : 100 * Mb))!;

        Assert.InRange(drift.MeanBytes, 99 * Mb, 101 * Mb);
        Assert.InRange(drift.Trend, -0.02, 0.02);
        Assert.Equal(480, drift.SpanSeconds);
        Assert.True(drift.Flat);
    }

    [Fact]
    public void SteadyGrowthBeyondTenPercentIsNotFlat()
    {
        // 100 MB growing by 3 MB a minute: +24 MB over the eight minutes after the first fifth.
        var drift = RssDrift.Of(Series(seconds: 600, at: t => 100 * Mb + (long)(t / 20.0 * Mb)))!;

        Assert.InRange(drift.Trend, 0.15, 0.25);
        Assert.False(drift.Flat);
    }

    [Fact]
    public void ShrinkingBeyondTenPercentIsNotFlatEither()
    {
        var drift = RssDrift.Of(Series(seconds: 600, at: t => 200 * Mb - (long)(t / 10.0 * Mb)))!;

        Assert.True(drift.Trend < -0.1);
        Assert.False(drift.Flat);
    }

    private static double[][] Series(int seconds, Func<int, long> at) =>
        [.. Enumerable.Range(0, seconds + 1).Select(t => new double[] { t, at(t) })];
}
