using System.Globalization;
using HstFederation.Node.Audit;
using HstFederation.Node.Intelligence;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// A purge's reach into the hits its message took part in (docs/intelligence.md §3, as the hub's own PurgedHits does).
/// A hit notification carries this NCB's values of its message (<c>your_value</c>: phone, passport numbers…), their paths,
/// the other message's id and sender, and factors both sides agreed on. So when either message is purged at this node —
/// this NCB's own (its retention), or the other source's copy held here (recalled, restricted away, expired), or the other
/// source's order says every copy went — every inbox row carrying a notification of the hit (found through
/// <c>hit_notifications</c>, Migration0014: a repeated notification too) is emptied as a purged copy is (envelope and
/// plaintext blanked, purged_at_ms and the cause set), in the purge's transaction, whose <c>secure_delete</c> and WAL
/// checkpoint clear the bytes. The <c>hits</c> row stays for the ledger: ids, basis, kinds, score, detection time and
/// its release, none of them a value. A notification that arrives after its message was purged is emptied on arrival, and
/// one a node before this kept is emptied at open (<see cref="CatchUp"/>).
/// </summary>
internal static class PurgedHits
{
    /// <summary>The hits naming the copy <paramref name="localId"/> of <paramref name="box"/>, about to be purged.</summary>
    public static void Purge(WriteContext context, MessageBox box, long localId, string cause)
    {
        var connection = context.Connection;
        if (box == MessageBox.Outbox)
        {
            var messageId = (byte[])connection.Scalar("SELECT message_id FROM outbox WHERE local_id = $local;", ("$local", localId))!;
            Withdraw(context, "your_message_id = $id", messageId, cause, ("$id", messageId));
            return;
        }

        using var command = connection.Command("SELECT sender, message_id FROM inbox WHERE local_id = $local;", ("$local", localId));
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            Other(context, reader.GetString(0), (byte[])reader[1], cause);
        }
    }

    /// <summary>The hits whose other message is <paramref name="sender"/>'s <paramref name="messageId"/>, gone at its source's order.</summary>
    public static void Other(WriteContext context, string sender, byte[] messageId, string cause) =>
        Withdraw(context, "other_sender = $sender AND other_message_id = $id", messageId, cause, ("$sender", sender), ("$id", messageId));

    /// <summary>Links the notification just stored in inbox row <paramref name="localId"/> to its hit (the first notification's row or an earlier one).</summary>
    public static long Link(SqliteConnection connection, long localId, byte[] hitId)
    {
        connection.Execute(
            "INSERT INTO hit_notifications (inbox_local_id, hit_row) SELECT $local, id FROM hits WHERE hit_id = $hit;",
            ("$local", localId), ("$hit", hitId));
        return (long)connection.Scalar("SELECT id FROM hits WHERE hit_id = $hit;", ("$hit", hitId))!;
    }

    /// <summary>
    /// A notification just stored whose hit's message (either side) this node already purged or holds a tombstone of:
    /// every notification of that hit, this one with them, is emptied at once. Returns whether any was.
    /// </summary>
    public static bool OnArrival(WriteContext context, long hitRowId)
    {
        var cause = context.Connection.Scalar(
            """
            SELECT t.cause FROM hits h JOIN tombstones t
                ON (t.sender = h.other_sender AND t.message_id = h.other_message_id) OR (t.box = 'outbox' AND t.message_id = h.your_message_id)
            WHERE h.id = $id ORDER BY t.purged_at_ms LIMIT 1;
            """,
            ("$id", hitRowId)) as string;
        if (cause is not null)
        {
            var messageId = (byte[])context.Connection.Scalar("SELECT your_message_id FROM hits WHERE id = $id;", ("$id", hitRowId))!;
            return Withdraw(context, "id = $row", messageId, cause, ("$row", hitRowId)) > 0;
        }

        return false;
    }

    /// <summary>
    /// At open: notification rows a node before Migration0014 kept without a link to their hit (a repeated notification)
    /// are linked, their hit id read from the plaintext; then the notifications a node before <see cref="PurgedHits"/> (or
    /// before the links) kept after it purged (or was told of the purge of) one of the hit's messages — found by the
    /// tombstone either message left — are emptied, each with the tombstone's cause. One transaction (a waiting row costs a
    /// local id and a 16-byte hit id in memory), and the WAL truncated. A notification that no longer parses, or names no hit
    /// held here, must not keep the node from opening: it is left as stored, unlinked, and audited by its local id and reason
    /// at every open. Returns how many were emptied and the rows skipped; nothing is written when there is nothing to link,
    /// report or empty.
    /// </summary>
    public static (int Withdrawn, IReadOnlyList<long> Skipped) CatchUp(SqliteConnection connection, long nowMs)
    {
        const string Cause = """
            SELECT t.cause FROM hit_notifications n JOIN hits h ON h.id = n.hit_row JOIN tombstones t
                ON (t.sender = h.other_sender AND t.message_id = h.other_message_id) OR (t.box = 'outbox' AND t.message_id = h.your_message_id)
            WHERE n.inbox_local_id = inbox.local_id ORDER BY t.purged_at_ms LIMIT 1
            """;
        var unlinked = Unlinked(connection);
        var pending = (long)connection.Scalar($"SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NULL AND EXISTS ({Cause});")!;
        if (pending == 0 && unlinked.Count == 0)
        {
            return (0, []);
        }

        connection.Execute("BEGIN IMMEDIATE;");
        try
        {
            var skipped = new List<long>();
            foreach (var (localId, hitId) in unlinked)
            {
                var reason = hitId is null ? "unparseable"
                    : connection.Execute(
                        "INSERT INTO hit_notifications (inbox_local_id, hit_row) SELECT $local, id FROM hits WHERE hit_id = $hit;",
                        ("$local", localId), ("$hit", hitId)) == 0 ? "no-hit" : null;
                if (reason is not null)
                {
                    // Ids and a reason code only: the content stays where it is, out of the audit.
                    NodeAudit.Append(connection, nowMs, "node", NodeAuditActions.Unrecorded, null,
                        $"hit notification inbox={localId.ToString(CultureInfo.InvariantCulture)} reason={reason}");
                    skipped.Add(localId);
                }
            }

            var withdrawn = connection.Execute(
                $"""
                UPDATE inbox SET envelope = X'', plaintext = X'', purged_at_ms = $now, purge_cause = ({Cause})
                WHERE purged_at_ms IS NULL AND EXISTS ({Cause});
                """,
                ("$now", nowMs));
            if (withdrawn > 0)
            {
                NodeAudit.Append(connection, nowMs, "node", NodeAuditActions.Purge, null,
                    $"hit notifications={withdrawn.ToString(CultureInfo.InvariantCulture)} whose message was purged before this node withdrew hits");
            }

            connection.Execute("COMMIT;");
            if (withdrawn > 0)
            {
                connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
            }

            return (withdrawn, skipped);
        }
        catch
        {
            connection.TryRollback();
            throw;
        }
    }

    /// <summary>
    /// Notification rows still holding content and no link (stored before Migration0014 with a hit id already held), with
    /// their hit id; null for one that no longer parses.
    /// </summary>
    private static List<(long LocalId, byte[]? HitId)> Unlinked(SqliteConnection connection)
    {
        using var command = connection.Command(
            """
            SELECT local_id, plaintext FROM inbox i
            WHERE content_type = $type AND purged_at_ms IS NULL AND NOT EXISTS (SELECT 1 FROM hit_notifications n WHERE n.inbox_local_id = i.local_id);
            """,
            ("$type", HubContent.HitNotificationType));
        using var reader = command.ExecuteReader();
        var rows = new List<(long, byte[]?)>();
        while (reader.Read())
        {
            byte[]? hitId;
            try
            {
                hitId = HitNotification.Parser.ParseFrom((byte[])reader[1]).HitId.ToByteArray();
            }
            catch (Google.Protobuf.InvalidProtocolBufferException)
            {
                hitId = null;
            }

            rows.Add((reader.GetInt64(0), hitId));
        }

        return rows;
    }

    internal static int Withdraw(WriteContext context, string where, byte[] messageId, string cause, params ReadOnlySpan<(string Name, object? Value)> match)
    {
        (string, object?)[] parameters = [("$now", context.NowMs), ("$cause", cause), .. match];
        var withdrawn = context.Connection.Execute(
            $"""
            UPDATE inbox SET envelope = X'', plaintext = X'', purged_at_ms = $now, purge_cause = $cause
            WHERE purged_at_ms IS NULL AND local_id IN (SELECT inbox_local_id FROM hit_notifications WHERE hit_row IN (SELECT id FROM hits WHERE {where}));
            """,
            parameters);
        if (withdrawn > 0)
        {
            // Named by the purged message's id (or this NCB's, for a late notification), so its ledger shows the hits went too.
            NodeAudit.Append(context.Connection, context.NowMs, "node", NodeAuditActions.Purge, messageId,
                $"hit notifications={withdrawn.ToString(CultureInfo.InvariantCulture)} cause={cause}");
        }

        return withdrawn;
    }
}
