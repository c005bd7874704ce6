using HstFederation.Node.Storage;
using HstFederation.Storage.Audit;

namespace HstFederation.Node.Commands;

/// <summary>
/// What `restore` prints: what it did, what the node no longer holds of what it sent, and what to tell the General Secretariat.
/// Heads are said as `verify-audit` and `backup` say them (<see cref="AuditVerificationReport"/>).
/// </summary>
internal static class NodeRestoreReport
{
    /// <summary>Ids listed on one line before "and N more" (the JSON lists them all).</summary>
    private const int Listed = 5;

    public static void Write(TextWriter output, NodeRestoreResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var line in Lines(result))
        {
            output.WriteLine(line);
        }
    }

    private static IEnumerable<string> Lines(NodeRestoreResult result)
    {
        var replaced = result.Replaced;
        yield return DatabaseRestoreReport.Restored(result.Database, result.Backup, result.BackupAudit);
        yield return DatabaseRestoreReport.Replaced(result.KeptFiles, replaced, DatabaseProgram.Node);
        yield return replaced.Counters is null
            ? $"this NCB's next message is number {result.NextSequence}, from the backup's count: the hub refuses the numbers it already holds " +
              "(SequenceReused) and the node numbers its queue again above them by itself; each recipient's count of this NCB's messages " +
              "restarts from the backup's too, so recipients that received messages sent after the backup raise sequence alarms (Reorder) for this NCB"
            : $"this NCB's next message is number {result.NextSequence}, and each recipient's count continues from the replaced database's";
        var outbox = result.Outbox;
        if (outbox.SentAfterBackup.Count > 0)
        {
            yield return $"{outbox.SentAfterBackup.Count} message(s) this NCB sent after the backup was taken are not in the restored outbox " +
                $"({Ids(outbox.SentAfterBackup)}): the hub accepted them and their recipients hold them, but this node can no longer show, " +
                "update, restrict or recall them, and their delivery receipts will be quarantined as UnknownMessage ('quarantine resolve' them once noted)";
        }

        if (outbox.QueuedAfterBackup.Count > 0)
        {
            yield return $"{outbox.QueuedAfterBackup.Count} message(s) queued after the backup was taken, not accepted there, are not in the restored outbox " +
                $"({Ids(outbox.QueuedAfterBackup)}): they may never have reached the hub; look them up in the kept database " +
                $"('hst-node outbox --Node:DatabasePath={(result.KeptFiles.Count > 0 ? result.KeptFiles[0] : "<kept database>")}') and send again what must still go";
        }

        if (outbox.AcceptanceCarried.Count > 0)
        {
            yield return $"{outbox.AcceptanceCarried.Count} message(s) queued in the backup were accepted by the hub after it ({Ids(outbox.AcceptanceCarried)}): " +
                "their acceptance (the envelope the hub holds, the hub's receipt) is carried over from the replaced database; they are not sent again";
        }

        if (outbox.QueuedButAccepted.Count > 0)
        {
            yield return $"{outbox.QueuedButAccepted.Count} message(s) queued in the backup were sent and accepted after it ({Ids(outbox.QueuedButAccepted)}), " +
                "under a number the restored outbox gives another message: sealed again, each ends rejected Replay (the hub and the recipients hold the " +
                "first sealing); do not send them again";
        }

        foreach (var line in DatabaseRestoreReport.NewHead(result.NewHead, result.BackupAudit, DatabaseProgram.Node))
        {
            yield return line;
        }

        yield return "Then start 'hst-node serve': what this node received after the backup was taken is delivered again and stored once. " +
            "Tell the General Secretariat that this node was restored (docs/node.md, \"Restore\").";
    }

    private static string Ids(IReadOnlyList<string> ids) =>
        string.Join(", ", ids.Take(Listed)) + (ids.Count > Listed ? $" and {ids.Count - Listed} more; --json lists them all" : string.Empty);

    public static object Json(NodeRestoreResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (backupAudit, replaced, auditHead) = DatabaseRestoreReport.Json(result.BackupAudit, result.KeptFiles, result.Replaced, result.NewHead);
        return new
        {
            result.Database,
            result.Backup,
            BackupAudit = backupAudit,
            Replaced = replaced,
            result.NextSequence,
            Numbering = result.Replaced.Counters is null ? "backup" : "replaced",
            result.Outbox.SentAfterBackup,
            result.Outbox.QueuedAfterBackup,
            result.Outbox.AcceptanceCarried,
            result.Outbox.QueuedButAccepted,
            AuditHead = auditHead,
        };
    }
}
