using System.Globalization;
using HstFederation.Storage.Audit;

namespace HstFederation.Storage;

/// <summary>What `backup` prints, the same for the hub and the node.</summary>
public static class DatabaseBackupReport
{
    /// <summary>The text form, one line each.</summary>
    public static void Write(TextWriter output, DatabaseBackupResult result, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var line in Lines(result, program))
        {
            output.WriteLine(line);
        }
    }

    private static IEnumerable<string> Lines(DatabaseBackupResult result, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(program);
        yield return $"backup written: {result.Path} ({Size(result.Bytes)})";
        var audit = result.Audit;
        if (audit.IsIntact)
        {
            yield return $"audit chain {AuditVerificationReport.Intact(audit)}";
            if (audit.Count > 0)
            {
                // A history rewritten later, every hash recomputed, no longer passes through this head.
                yield return AuditVerificationReport.KeepAdvice(AuditVerificationReport.Head(audit), program);
            }
        }
        else
        {
            yield return $"audit chain broken at entry {audit.BrokenAt} ({audit.Break.ToString().ToLowerInvariant()}): {audit.Reason}";
            yield return $"The copy holds exactly what the database holds: keep it as evidence, and check the database with '{program.Tool} verify-audit'.";
        }
    }

    public static object Json(DatabaseBackupResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var audit = result.Audit;
        return new
        {
            result.Path,
            result.Bytes,
            Audit = audit.IsIntact
                ? (object)new { Intact = true, Entries = audit.Count, Head = Convert.ToHexStringLower(audit.Head!) }
                : new { Intact = false, BrokenAt = audit.BrokenAt, Break = audit.Break.ToString().ToLowerInvariant(), IntactEntriesBefore = audit.Count, audit.Detail },
        };
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB"),
    };
}
