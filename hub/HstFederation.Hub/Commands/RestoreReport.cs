using HstFederation.Hub.Storage;
using HstFederation.Storage.Audit;

namespace HstFederation.Hub.Commands;

/// <summary>
/// What `restore` prints: what it did, and what the operator must tell the members. Heads are said as `verify-audit` and
/// `backup` say them (<see cref="AuditVerificationReport"/>), so the new one can be recorded and checked as any other.
/// </summary>
internal static class RestoreReport
{
    public static void Write(TextWriter output, HubRestoreResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var line in Lines(result))
        {
            output.WriteLine(line);
        }
    }

    private static IEnumerable<string> Lines(HubRestoreResult result)
    {
        var backupAudit = result.BackupAudit;
        yield return $"restored {result.Database} from {result.Backup} (its audit chain {AuditVerificationReport.Intact(backupAudit)})";
        var replaced = result.Replaced;
        if (result.KeptFiles.Count > 0)
        {
            var companions = result.KeptFiles.Skip(1).Select(f => f[result.KeptFiles[0].Length..]).ToArray();
            var with = companions.Length == 0 ? string.Empty : $" (with its {string.Join(" and ", companions)})";
            yield return $"replaced database kept as {result.KeptFiles[0]}{with}; " + (replaced.Counters is null
                ? $"it could not be read ({replaced.Problem})"
                : replaced.Head is { } head ? $"its audit chain ended at head {head}" : "its audit chain was empty");
        }
        else
        {
            yield return "no database was at Hub:DatabasePath: nothing was replaced";
        }

        var floors = result.Floors;
        yield return $"delivery cursors continue from {floors.Cursor + 1}, hub sequences from {floors.HubSequence + 1}: " +
            $"{RestoreFloors.Margin} past the highest the backup{(replaced.Counters is null ? string.Empty : " or the replaced database")} assigned, " +
            "beyond any cursor a member holds";
        yield return replaced.Counters is null
            ? $"the hub's numbering of its own messages continues {RestoreFloors.Margin} past the backup's for every member: " +
              "each member's node raises one sequence-gap alarm for urn:hst:hub:IPSG (expected; resolve it once noted)"
            : "the hub's numbering of its own messages continues from the replaced database's counts: no member sees it go back";
        yield return $"audit entry 'restore' written: the chain's head is now {result.NewHead}";
        // The old history past the backup is gone: the heads recorded in it are what verify-audit now calls rewritten.
        yield return AuditVerificationReport.KeepAdvice(result.NewHead, DatabaseProgram.Hub) +
            $" (a head recorded past entry {backupAudit.Count}, the backup's last, no longer matches: those entries are not in the restored chain)";
        yield return "Tell every member before starting 'hst-hub serve':";
        yield return "  - what the hub accepted after this backup was taken is not at the hub any more: the sending nodes hold it as accepted " +
            "and will not send it again, and recipients that had not yet received it never will. Each NCB sends again what must still " +
            "reach its recipients ('hst-node outbox' lists what the hub accepted and when); delivery receipts for those messages will not come.";
        yield return $"  - their nodes log HUB AUDIT CHAIN WENT BACK (event 4071) at their next refresh: expected after a restore; the hub's head is now {result.NewHead}.";
        yield return "  - what their nodes acknowledged after this backup was taken is streamed to them again and acknowledged again with the same " +
            "delivery receipts (expected: the restored database did not hold those acknowledgements); a delivery a node had quarantined comes again too (a node of this release keeps it quarantined once).";
    }

    public static object Json(HubRestoreResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var replaced = result.Replaced;
        return new
        {
            result.Database,
            result.Backup,
            BackupAudit = new { Entries = result.BackupAudit.Count, Head = Hex(result.BackupAudit.Head) },
            Replaced = new
            {
                Kept = result.KeptFiles,
                Readable = replaced.Counters is not null,
                AuditEntries = replaced.Counters is null ? (long?)null : replaced.AuditEntries,
                AuditHead = replaced.AuditHead is null ? null : Hex(replaced.AuditHead),
                replaced.Problem,
            },
            CursorFrom = result.Floors.Cursor + 1,
            HubSequenceFrom = result.Floors.HubSequence + 1,
            HubNumbering = replaced.Counters is null ? "backup+margin" : "replaced",
            AuditHead = new { Entries = result.NewHead.Entry, Head = Hex(result.NewHead.Hash) },
        };
    }

    private static string Hex(byte[]? bytes) => bytes is null ? "none" : Convert.ToHexStringLower(bytes);
}
