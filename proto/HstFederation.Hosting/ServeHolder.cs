using System.Globalization;

namespace HstFederation.Hosting;

/// <summary>What <see cref="ServeLock.Probe"/> found: a serve holding the database, with its pid and start time when recorded.</summary>
public sealed record ServeHolder(bool Running, int? Pid, DateTimeOffset? Since)
{
    public static readonly ServeHolder None = new(false, null, null);

    /// <summary>" (pid 1234, started 2026-12-01 05:48:30Z)", or nothing when not recorded.</summary>
    public string Describe()
    {
        List<string> parts = [];
        if (Pid is { } pid)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"pid {pid}"));
        }

        if (Since is { } since)
        {
            parts.Add("started " + since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? string.Empty : $" ({string.Join(", ", parts)})";
    }
}
