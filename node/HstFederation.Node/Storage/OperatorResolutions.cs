using System.Globalization;
using HstFederation.Node.Audit;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Storage;

/// <summary>What an operator resolves (<c>hst-node quarantine resolve --delivery N | --alarm N</c>).</summary>
internal enum ResolvedKind
{
    Delivery,
    Alarm,
}

/// <summary>
/// An operator's resolution of a quarantined delivery or an alarm, once looked into (migration 18), in the writer's
/// transaction: the row is kept as it was (the quarantined bytes stay the evidence) and gains when, by whom and why; it
/// no longer counts in <c>status</c>, so the exit code a monitoring check reads goes back to 0 once the last one is
/// resolved. Audited with the note, so the reason is under the audit chain and not only in a row. Nothing else changes:
/// a resolved gap's numbers stay missing, a resolved delivery is not stored as a message.
/// </summary>
internal static class OperatorResolutions
{
    public const int MaxNoteLength = 500;

    /// <summary>
    /// Resolves one; returns the resolution and the row's label (a delivery's reason code, an alarm's kind). Throws
    /// <see cref="ResolveRefusedException"/> (nothing changed) for no such row or one resolved already.
    /// </summary>
    public static (Resolution Resolution, string Label) Resolve(WriteContext context, ResolvedKind kind, long id, string actor, string note)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        var (table, what) = kind == ResolvedKind.Delivery ? ("quarantine", "quarantined delivery") : ("alarms", "alarm");
        var existing = context.Connection.Query(
            kind == ResolvedKind.Delivery
                ? "SELECT resolved_at_ms, resolved_by_operator, resolution_note, NULL, reason, NULL FROM quarantine WHERE id = $id;"
                : "SELECT resolved_at_ms, resolved_by_operator, resolution_note, resolved_by, kind, message_id FROM alarms WHERE id = $id;",
            reader => reader.Read()
                ? new
                {
                    Resolved = reader.IsDBNull(0) ? null : new Resolution(reader.GetInt64(0), By(reader, 1, 3), reader.IsDBNull(2) ? null : reader.GetString(2)),
                    Label = reader.GetString(4),
                    // A withdrawal-mismatch names its message: its resolution is audited under it, so the ledger shows both.
                    MessageId = reader.IsDBNull(5) ? null : (byte[])reader[5],
                }
                : null,
            ("$id", id));
        if (existing is null)
        {
            throw new ResolveRefusedException($"there is no {what} #{Number(id)} ('hst-node quarantine --all' lists them).");
        }

        if (existing.Resolved is { } earlier)
        {
            throw new ResolveRefusedException(
                $"{what} #{Number(id)} was resolved already, at {DateTimeOffset.FromUnixTimeMilliseconds(earlier.AtMs):yyyy-MM-dd HH:mm:ss}Z by {earlier.By}" +
                (earlier.Note is null ? "." : $": {earlier.Note}"));
        }

        context.Connection.Execute(
            $"UPDATE {table} SET resolved_at_ms = $now, resolved_by_operator = $actor, resolution_note = $note WHERE id = $id;",
            ("$now", context.NowMs), ("$actor", actor), ("$note", note), ("$id", id));
        NodeAudit.Append(context.Connection, context.NowMs, actor,
            kind == ResolvedKind.Delivery ? NodeAuditActions.QuarantineResolved : NodeAuditActions.AlarmResolved, existing.MessageId,
            $"{(kind == ResolvedKind.Delivery ? "quarantine_id" : "alarm")}={Number(id)} {existing.Label} note={note}");
        return (new Resolution(context.NowMs, actor, note), existing.Label);
    }

    /// <summary>The operator, or the hub's notice that explained a gap (an alarm's resolved_by, its message id).</summary>
    public static string By(Microsoft.Data.Sqlite.SqliteDataReader reader, int operatorColumn, int noticeColumn) =>
        !reader.IsDBNull(operatorColumn) ? reader.GetString(operatorColumn)
        : !reader.IsDBNull(noticeColumn) ? "hub notice " + MessageIds.Format((byte[])reader[noticeColumn])
        : "unknown";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
