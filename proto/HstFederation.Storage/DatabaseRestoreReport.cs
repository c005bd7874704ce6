using HstFederation.Storage.Audit;

namespace HstFederation.Storage;

/// <summary>
/// The lines `restore` prints alike for the hub and the node: what was restored from what, where the replaced database was
/// kept, and the new audit head to record (said as `verify-audit` and `backup` say heads, <see cref="AuditVerificationReport"/>).
/// </summary>
public static class DatabaseRestoreReport
{
    /// <summary>"restored DB from BACKUP (its audit chain intact, N entries; head …)".</summary>
    public static string Restored(string database, string backup, AuditVerification backupAudit) =>
        $"restored {database} from {backup} (its audit chain {AuditVerificationReport.Intact(backupAudit)})";

    /// <summary>Where the replaced database (and its -wal and -shm) was kept, and its audit chain's last head or why it could not be read.</summary>
    public static string Replaced<T>(IReadOnlyList<string> keptFiles, ReplacedDatabase<T> replaced, DatabaseProgram program)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(keptFiles);
        ArgumentNullException.ThrowIfNull(replaced);
        ArgumentNullException.ThrowIfNull(program);
        if (keptFiles.Count == 0)
        {
            return $"no database was at {program.DatabaseSetting}: nothing was replaced";
        }

        var companions = keptFiles.Skip(1).Select(f => f[keptFiles[0].Length..]).ToArray();
        var with = companions.Length == 0 ? string.Empty : $" (with its {string.Join(" and ", companions)})";
        return $"replaced database kept as {keptFiles[0]}{with}; " + (replaced.Counters is null
            ? $"it could not be read ({replaced.Problem})"
            : replaced.Head is { } head ? $"its audit chain ended at head {head}" : "its audit chain was empty");
    }

    /// <summary>The `restore` entry's new head, and what to do with it: a head recorded past the backup's last entry no longer matches.</summary>
    public static IEnumerable<string> NewHead(RecordedHead newHead, AuditVerification backupAudit, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(newHead);
        ArgumentNullException.ThrowIfNull(backupAudit);
        yield return $"audit entry 'restore' written: the chain's head is now {newHead}";
        // The old history past the backup is gone: the heads recorded in it are what verify-audit now calls rewritten.
        yield return AuditVerificationReport.KeepAdvice(newHead, program) +
            $" (a head recorded past entry {backupAudit.Count}, the backup's last, no longer matches: those entries are not in the restored chain)";
    }

    /// <summary>The JSON of the backup's audit chain, the replaced database and the new head.</summary>
    public static (object BackupAudit, object Replaced, object AuditHead) Json<T>(
        AuditVerification backupAudit, IReadOnlyList<string> keptFiles, ReplacedDatabase<T> replaced, RecordedHead newHead)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(backupAudit);
        ArgumentNullException.ThrowIfNull(replaced);
        ArgumentNullException.ThrowIfNull(newHead);
        return (
            new { Entries = backupAudit.Count, Head = Hex(backupAudit.Head) },
            new
            {
                Kept = keptFiles,
                Readable = replaced.Counters is not null,
                AuditEntries = replaced.Counters is null ? (long?)null : replaced.AuditEntries,
                AuditHead = replaced.AuditHead is null ? null : Hex(replaced.AuditHead),
                replaced.Problem,
            },
            new { Entries = newHead.Entry, Head = Hex(newHead.Hash) });
    }

    private static string Hex(byte[]? bytes) => bytes is null ? "none" : Convert.ToHexStringLower(bytes);
}
