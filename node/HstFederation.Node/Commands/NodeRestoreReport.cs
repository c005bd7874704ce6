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
            yield return "no database was at Node:DatabasePath: nothing was replaced";
        }

        yield return replaced.Counters is null
            ? $"this NCB's next message is number {result.NextSequence}, from the backup's count: the hub refuses the numbers it already holds " +
              "(SequenceReused) and the node numbers its queue again above them by itself; each recipient's count of this NCB's messages " +
              "restarts from the backup's too, so recipients that received messages sent after the backup raise sequence alarms (Reorder) for this NCB"
            : $"this NCB's next message is number {result.NextSequence}, and each recipient's count continues from the replaced database's: " +
              "the hub and the recipients see no number again";
        if (result.SentAfterBackup.Count > 0)
        {
            yield return $"{result.SentAfterBackup.Count} message(s) this NCB sent after the backup was taken are not in the restored outbox " +
                $"({Ids(result.SentAfterBackup)}): the hub accepted them and their recipients hold them, but this node can no longer show, " +
                "update, restrict or recall them, and their delivery receipts will be quarantined as UnknownMessage ('quarantine resolve' them once noted)";
        }

        if (result.QueuedButAccepted.Count > 0)
        {
            yield return $"{result.QueuedButAccepted.Count} message(s) queued in the backup were sent and accepted after it ({Ids(result.QueuedButAccepted)}): " +
                "sealed again, each ends rejected Replay (the hub and the recipients hold the first sealing); do not send them again";
        }

        yield return $"audit entry 'restore' written: the chain's head is now {result.NewHead}";
        yield return AuditVerificationReport.KeepAdvice(result.NewHead, DatabaseProgram.Node) +
            $" (a head recorded past entry {backupAudit.Count}, the backup's last, no longer matches: those entries are not in the restored chain)";
        yield return "Then start 'hst-node serve': what this node received after the backup was taken is delivered again and stored once. " +
            "Tell the General Secretariat that this node was restored (docs/node.md, \"Restore\").";
    }

    private static string Ids(IReadOnlyList<string> ids) =>
        string.Join(", ", ids.Take(Listed)) + (ids.Count > Listed ? $" and {ids.Count - Listed} more; --json lists them all" : string.Empty);

    public static object Json(NodeRestoreResult result)
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
            result.NextSequence,
            Numbering = replaced.Counters is null ? "backup" : "replaced",
            result.SentAfterBackup,
            result.QueuedButAccepted,
            AuditHead = new { Entries = result.NewHead.Entry, Head = Hex(result.NewHead.Hash) },
        };
    }

    private static string Hex(byte[]? bytes) => bytes is null ? "none" : Convert.ToHexStringLower(bytes);
}
