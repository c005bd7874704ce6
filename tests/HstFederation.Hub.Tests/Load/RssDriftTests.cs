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
    public void SteadyMemoryAfterTheFirstMinuteIsFlat()
    {
        // Start-up growth in the first minute does not count; one GC spike is outvoted by the medians.
        var drift = RssDrift.Of(Series(seconds: 600, at: t => t < 60 ? 40 * Mb : t == 300 ? 108 * Mb : 100 * Mb))!;

        Assert.Equal(100 * Mb, drift.ReferenceBytes);
        Assert.Equal(100 * Mb, drift.EndBytes);
        Assert.True(drift.Flat);
    }

    [Fact]
    public void GrowthBeyondTenPercentIsNotFlat()
    {
        var drift = RssDrift.Of(Series(seconds: 600, at: t => (100 + (t * 20 / 600)) * Mb))!;

        Assert.InRange(drift.Drift, 0.14, 0.18);
        Assert.False(drift.Flat);
    }

    [Fact]
    public void APeakAboveTenPercentIsNotFlatEvenWhenItComesBackDown()
    {
        var drift = RssDrift.Of(Series(seconds: 600, at: t => t is >= 200 and < 400 ? 130 * Mb : 100 * Mb))!;

        Assert.Equal(0, drift.Drift, 3);
        Assert.False(drift.Flat);
    }

    private static double[][] Series(int seconds, Func<int, long> at) =>
        [.. Enumerable.Range(0, seconds + 1).Select(t => new double[] { t, at(t) })];
}
