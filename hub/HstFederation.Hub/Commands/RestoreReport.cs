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
        var replaced = result.Replaced;
        yield return DatabaseRestoreReport.Restored(result.Database, result.Backup, backupAudit);
        yield return DatabaseRestoreReport.Replaced(result.KeptFiles, replaced, DatabaseProgram.Hub);
        var floors = result.Floors;
        yield return $"delivery cursors continue from {floors.Cursor + 1}, hub sequences from {floors.HubSequence + 1}: " +
            $"{RestoreFloors.Margin} past the highest the backup{(replaced.Counters is null ? string.Empty : " or the replaced database")} assigned, " +
            "beyond any cursor a member holds";
        yield return replaced.Counters is null
            ? $"the hub's numbering of its own messages continues {RestoreFloors.Margin} past the backup's for every member: " +
              "each member's node raises one sequence-gap alarm for urn:hst:hub:IPSG (expected; resolve it once noted)"
            : "the hub's numbering of its own messages continues from the replaced database's counts: no member sees it go back";
        foreach (var line in DatabaseRestoreReport.NewHead(result.NewHead, backupAudit, DatabaseProgram.Hub))
        {
            yield return line;
        }

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
        var (backupAudit, replaced, auditHead) = DatabaseRestoreReport.Json(result.BackupAudit, result.KeptFiles, result.Replaced, result.NewHead);
        return new
        {
            result.Database,
            result.Backup,
            BackupAudit = backupAudit,
            Replaced = replaced,
            CursorFrom = result.Floors.Cursor + 1,
            HubSequenceFrom = result.Floors.HubSequence + 1,
            HubNumbering = result.Replaced.Counters is null ? "backup+margin" : "replaced",
            AuditHead = auditHead,
        };
    }
}
