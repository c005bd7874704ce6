using System.Diagnostics;

namespace HstFederation.LoadGenerator.Measure;

internal static class Ticks
{
    public static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public static double ToSeconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    public static long FromMilliseconds(double ms) => (long)(ms * Stopwatch.Frequency / 1000.0);
}
