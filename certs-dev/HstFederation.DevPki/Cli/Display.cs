using System.Globalization;

namespace HstFederation.DevPki.Cli;

/// <summary>Times as hst-node and hst-hub print them (UTC, to the second), so one federation's tools read alike.</summary>
internal static class Display
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
