using System.Globalization;
using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// What `restore` writes into the restored database, in one transaction before anything can be served: every number the
/// members may hold from the replaced database continues above what they hold, and the `restore` audit entry says so.
/// <para>
/// Delivery cursors and hub sequences move to the highest either database assigned plus <see cref="Margin"/>. A member
/// subscribes after the last cursor it stored, so a cursor handed out again would be skipped by every member already past
/// it; a hub sequence is signed into acceptance receipts, so one handed out again would name two messages. Nobody sees
/// a jump in either, so the margin costs nothing; it covers a replaced database that is gone or was not the latest.
/// 10^12 is more deliveries than the hub makes in years (it would take over 30,000 a second for a year), and keeps every
/// number far below 2^53 (exact in any JSON reader) for thousands of restores.
/// </para>
/// <para>
/// The hub's own numbering (its per-sender sequence and its count of messages to each member) is what each member's node
/// checks for gaps and reorders. Numbered again from the backup, every hub message up to the old count would raise a
/// reorder alarm at that member and reuse a number the member already holds, and the hub's withdrawals name messages by
/// that number, so a later withdrawal would name a number the member holds for another message. Moved forward, it raises
/// at most one gap alarm per member, which is the truth: messages the member never got are gone. With the replaced
/// database readable its exact counts are used (a member that received everything sees no gap at all); without it, the
/// backup's plus <see cref="Margin"/> for every member (a gap alarm each), since what each was sent since is unknown.
/// </para>
/// </summary>
internal static class RestoreFloors
{
    /// <summary>Added to the highest known cursor and hub sequence (and to the numbering when the replaced database is unreadable).</summary>
    public const long Margin = 1_000_000_000_000;

    /// <summary>Names, in the `restore` audit entry's detail, the first cursor the restored database hands out.</summary>
    private const string CursorFromKey = "cursor_from=";

    /// <summary>Applies the floors and appends the audit entry, committed together; returns the new counters.</summary>
    public static RestoreCounters Apply(
        SqliteConnection connection, RestoreCounters backup, RestoreCounters? replaced, long nowMs, string actor, string auditDetail)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(backup);
        connection.Execute("BEGIN IMMEDIATE;");
        try
        {
            var cursor = Math.Max(backup.Cursor, replaced?.Cursor ?? 0) + Margin;
            var hubSequence = Math.Max(backup.HubSequence, replaced?.HubSequence ?? 0) + Margin;
            SetSequence(connection, "deliveries", cursor);
            SetSequence(connection, "messages", hubSequence);

            var numbering = replaced is null ? Unknown(connection, backup) : Known(backup, replaced);
            var sender = replaced is null ? backup.HubSenderSequence + Margin : Math.Max(backup.HubSenderSequence, replaced.HubSenderSequence);
            connection.Execute(
                """
                INSERT INTO sender_state (sender, last_sequence) VALUES ($hub, $sequence)
                ON CONFLICT (sender) DO UPDATE SET last_sequence = excluded.last_sequence;
                """,
                ("$hub", PartyId.Hub.Uri), ("$sequence", sender));
            foreach (var (member, last) in numbering)
            {
                connection.Execute(
                    """
                    INSERT INTO hub_recipient_state (recipient, last_sequence) VALUES ($member, $sequence)
                    ON CONFLICT (recipient) DO UPDATE SET last_sequence = excluded.last_sequence;
                    """,
                    ("$member", member), ("$sequence", last));
            }

            var detail = string.Create(CultureInfo.InvariantCulture, $"{auditDetail} {CursorFromKey}{cursor + 1} hub_sequence_from={hubSequence + 1} hub_numbering={(replaced is null ? "backup+margin" : "replaced")}");
            HubAudit.Append(connection, nowMs, actor, AuditActions.Restore, null, detail);
            connection.Execute("COMMIT;");
            return new RestoreCounters(cursor, hubSequence, sender, numbering);
        }
        catch
        {
            connection.TryRollback();
            throw;
        }
    }

    /// <summary>The replaced database's count to each member where it is ahead of the backup's: exactly what the members saw.</summary>
    private static Dictionary<string, long> Known(RestoreCounters backup, RestoreCounters replaced)
    {
        var numbering = new Dictionary<string, long>(backup.ToMembers, StringComparer.Ordinal);
        foreach (var (member, last) in replaced.ToMembers)
        {
            numbering[member] = Math.Max(last, numbering.GetValueOrDefault(member));
        }

        return numbering;
    }

    /// <summary>Every member's count (those the backup never sent to included: they may have been sent to since) moved past the margin.</summary>
    private static Dictionary<string, long> Unknown(SqliteConnection connection, RestoreCounters backup)
    {
        var numbering = connection.Query(
            "SELECT party FROM members;",
            reader =>
            {
                var members = new Dictionary<string, long>(StringComparer.Ordinal);
                while (reader.Read())
                {
                    members[reader.GetString(0)] = Margin;
                }

                return members;
            });
        foreach (var (member, last) in backup.ToMembers)
        {
            numbering[member] = last + Margin;
        }

        return numbering;
    }

    /// <summary>AUTOINCREMENT's highest-ever for <paramref name="table"/> (a constant of this class), set; its row made if the table never had one.</summary>
    private static void SetSequence(SqliteConnection connection, string table, long value)
    {
        if (connection.Execute("UPDATE sqlite_sequence SET seq = $value WHERE name = $table;", ("$value", value), ("$table", table)) == 0)
        {
            connection.Execute("INSERT INTO sqlite_sequence (name, seq) VALUES ($table, $value);", ("$table", table), ("$value", value));
        }
    }

    /// <summary>
    /// The first cursor the last restore of this database handed out (<c>cursor_from</c> of its latest `restore` audit entry),
    /// or null for a database never restored. Every cursor below it was handed out before that restore: a member that
    /// subscribes after one may hold deliveries it acknowledged at the replaced database, which this one never heard of.
    /// Read from the audit entry the floors were committed with, so there is no second record to disagree with it; a
    /// backup restored again carries its earlier entries, and the latest is always this database's own restore.
    /// </summary>
    public static long? LatestCursorFrom(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Scalar("SELECT detail FROM audit WHERE action = $restore ORDER BY seq DESC LIMIT 1;", ("$restore", AuditActions.Restore)) is not string detail)
        {
            return null;
        }

        // After the file names (which may hold spaces), before the numbers that follow it.
        var at = detail.LastIndexOf(" " + CursorFromKey, StringComparison.Ordinal);
        var value = at < 0 ? string.Empty : detail[(at + 1 + CursorFromKey.Length)..].Split(' ')[0];
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var cursorFrom)
            ? cursorFrom
            : throw new InvalidOperationException($"the latest 'restore' audit entry names no {CursorFromKey}: {detail}");
    }
}
