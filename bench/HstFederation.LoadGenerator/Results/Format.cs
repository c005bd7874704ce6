using System.Globalization;

namespace HstFederation.LoadGenerator.Results;

/// <summary>Number formats shared by the console table and the markdown report.</summary>
internal static class Format
{
    public static string Rate(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "—" : value.ToString(value >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);

    public static string Ms(double value) => double.IsNaN(value) ? "—" : value.ToString(value >= 100 ? "N0" : value >= 10 ? "N1" : "N2", CultureInfo.InvariantCulture) + " ms";

    public static string Ratio(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "—" : value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string CpuMicroseconds(double seconds) => double.IsNaN(seconds) ? "—" : (seconds * 1e6).ToString("N0", CultureInfo.InvariantCulture) + " µs";

    public static string Percent(double fraction) => double.IsNaN(fraction) || double.IsInfinity(fraction) ? "—" : fraction.ToString("0 %", CultureInfo.InvariantCulture);

    public const string NotMeasured = "not measured";

    public static string Megabytes(long bytes) => bytes <= 0 ? "—" : (bytes / (1024.0 * 1024.0)).ToString("N0", CultureInfo.InvariantCulture) + " MB";

    public static string LoadAverages(IReadOnlyList<double> load) => load.Count == 0 ? "?" : string.Join(" ", load.Select(l => l.ToString("0.00", CultureInfo.InvariantCulture)));

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
