using System.Globalization;

namespace HstFederation.LoadGenerator.Measure;

/// <summary>/proc/loadavg: the 1, 5 and 15 minute load averages, recorded with every figure (on 2 cores, 2.0 is a full machine).</summary>
internal static class LoadAverage
{
    public static double[] Read()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return [];
        }
    }
}
