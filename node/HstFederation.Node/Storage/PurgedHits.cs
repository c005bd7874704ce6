using System.Globalization;
using HstFederation.Node.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// A purge's reach into the hits its message took part in (docs/intelligence.md §3, as the hub's own PurgedHits does).
/// A hit notification carries this NCB's values of its message (<c>your_value</c>: phone, passport numbers…), their paths,
/// the other message's id and sender, and factors both sides agreed on. So when either message is purged at this node —
/// this NCB's own (its retention), or the other source's copy held here (recalled, restricted away, expired), or the other
/// source's order says every copy went — the notification's inbox row is emptied as a purged copy is (envelope and
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

    /// <summary>A hit just stored whose message (either side) this node already purged or holds a tombstone of: emptied at once.</summary>
    public static void OnArrival(WriteContext context, long hitRowId)
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
            Withdraw(context, "id = $row", messageId, cause, ("$row", hitRowId));
        }
    }

    /// <summary>
    /// At open: the notifications a node before <see cref="PurgedHits"/> kept after it purged (or was told of the purge of)
    /// one of the hit's messages — found by the tombstone either message left — are emptied in one transaction, each with
    /// the tombstone's cause, and the WAL truncated. Returns how many; nothing is written when there are none.
    /// </summary>
    public static int CatchUp(SqliteConnection connection, long nowMs)
    {
        const string Cause = """
            SELECT t.cause FROM hits h JOIN tombstones t
                ON (t.sender = h.other_sender AND t.message_id = h.other_message_id) OR (t.box = 'outbox' AND t.message_id = h.your_message_id)
            WHERE h.inbox_local_id = inbox.local_id ORDER BY t.purged_at_ms LIMIT 1
            """;
        var pending = (long)connection.Scalar($"SELECT COUNT(*) FROM inbox WHERE purged_at_ms IS NULL AND EXISTS ({Cause});")!;
        if (pending == 0)
        {
            return 0;
        }

        connection.Execute("BEGIN IMMEDIATE;");
        try
        {
            var withdrawn = connection.Execute(
                $"""
                UPDATE inbox SET envelope = X'', plaintext = X'', purged_at_ms = $now, purge_cause = ({Cause})
                WHERE purged_at_ms IS NULL AND EXISTS ({Cause});
                """,
                ("$now", nowMs));
            NodeAudit.Append(connection, nowMs, "node", NodeAuditActions.Purge, null,
                $"hit notifications={withdrawn.ToString(CultureInfo.InvariantCulture)} whose message was purged before this node withdrew hits");
            connection.Execute("COMMIT;");
            connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
            return withdrawn;
        }
        catch
        {
            connection.TryRollback();
            throw;
        }
    }

    private static void Withdraw(WriteContext context, string where, byte[] messageId, string cause, params ReadOnlySpan<(string Name, object? Value)> match)
    {
        (string, object?)[] parameters = [("$now", context.NowMs), ("$cause", cause), .. match];
        var withdrawn = context.Connection.Execute(
            $"""
            UPDATE inbox SET envelope = X'', plaintext = X'', purged_at_ms = $now, purge_cause = $cause
            WHERE purged_at_ms IS NULL AND local_id IN (SELECT inbox_local_id FROM hits WHERE {where});
            """,
            parameters);
        if (withdrawn > 0)
        {
            // Named by the purged message's id (or this NCB's, for a late notification), so its ledger shows the hits went too.
            NodeAudit.Append(context.Connection, context.NowMs, "node", NodeAuditActions.Purge, messageId,
                $"hit notifications={withdrawn.ToString(CultureInfo.InvariantCulture)} cause={cause}");
        }
    }
}
