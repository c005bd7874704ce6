using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// Pages of the outbox and inbox for the CLI and the agency API, newest first by local id (keyset paging:
/// stable while new messages arrive), each page read in one snapshot. Fixed SQL; absent filters are NULL
/// parameters, never SQL text. CROSS JOIN keeps the box table outermost (SQLite does not reorder it), so a
/// page walks the rowid backwards from its keyset and stops at the limit instead of sorting the whole box. A purged
/// copy has no summary row any more (LifecyclePurge), so the join leaves it out of every list; `show` still finds it.
/// </summary>
internal static class MessageListReader
{
    private const string OutboxSql = $"""
        SELECT o.local_id, o.message_id, o.sequence, o.actor, o.created_at_ms, o.state, o.state_at_ms, o.reject_reason,
               {SummaryReader.Columns}, o.version, o.superseded_by
        FROM outbox o CROSS JOIN message_summaries s ON s.box = 'outbox' AND s.local_id = o.local_id
        WHERE o.local_id < COALESCE($before, 9223372036854775807)
          AND ($state IS NULL OR o.state = $state)
          AND ($since IS NULL OR o.created_at_ms >= $since)
          {ContentFilterSql.Where}
        ORDER BY o.local_id DESC
        LIMIT $limit;
        """;

    private const string InboxSql = $"""
        SELECT i.local_id, i.sender, i.message_id, i.sequence, i.forwards, i.received_at_ms,
               {SummaryReader.Columns}, i.version, i.superseded_by
        FROM inbox i CROSS JOIN message_summaries s ON s.box = 'inbox' AND s.local_id = i.local_id
        WHERE i.local_id < COALESCE($before, 9223372036854775807)
          AND ($sender IS NULL OR i.sender = $sender)
          AND ($since IS NULL OR i.received_at_ms >= $since)
          {ContentFilterSql.Where}
        ORDER BY i.local_id DESC
        LIMIT $limit;
        """;

    public static MessagePage<OutboxListItem> Outbox(SqliteConnection connection, OutboxQuery query)
    {
        (string, object?)[] parameters =
        [
            ("$before", query.BeforeLocalId), ("$state", (long?)query.State), ("$since", query.CreatedSinceMs),
            ("$limit", query.Limit + 1), .. ContentFilterSql.Parameters(query.Content),
        ];
        return Snapshot(connection, () => Page(connection, OutboxSql, parameters, query.Limit, row =>
        {
            var localId = row.GetInt64(0);
            return new OutboxListItem(
                localId, (byte[])row[1], row.GetInt64(2), row.GetString(3), OutboxReader.Addressees(connection, localId),
                DeliveredTo(connection, localId), row.GetInt64(4), (OutboxState)row.GetInt64(5), row.GetInt64(6),
                row.IsDBNull(7) ? null : row.GetString(7), SummaryReader.FromRow(connection, row, 8, MessageBox.Outbox, localId))
            {
                Version = row.GetInt32(row.FieldCount - 2),
                SupersededBy = row.IsDBNull(row.FieldCount - 1) ? null : (byte[])row[row.FieldCount - 1],
            };
        }, item => item.LocalId));
    }

    public static MessagePage<InboxListItem> Inbox(SqliteConnection connection, InboxQuery query)
    {
        (string, object?)[] parameters =
        [
            ("$before", query.BeforeLocalId), ("$sender", query.Sender), ("$since", query.ReceivedSinceMs),
            ("$limit", query.Limit + 1), .. ContentFilterSql.Parameters(query.Content),
        ];
        return Snapshot(connection, () => Page(connection, InboxSql, parameters, query.Limit, row =>
        {
            var localId = row.GetInt64(0);
            return new InboxListItem(
                localId, row.GetString(1), (byte[])row[2], row.GetInt64(3), row.GetInt32(4), row.GetInt64(5),
                SummaryReader.FromRow(connection, row, 6, MessageBox.Inbox, localId))
            {
                Version = row.GetInt32(row.FieldCount - 2),
                SupersededBy = row.IsDBNull(row.FieldCount - 1) ? null : (byte[])row[row.FieldCount - 1],
            };
        }, item => item.LocalId));
    }

    /// <summary>Reads one more row than asked: its presence says another page follows.</summary>
    private static MessagePage<T> Page<T>(
        SqliteConnection connection, string sql, (string, object?)[] parameters, int limit, Func<SqliteDataReader, T> map, Func<T, long> key)
    {
        var items = new List<T>(limit + 1);
        using (var command = connection.Command(sql, parameters))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                items.Add(map(reader));
            }
        }

        if (items.Count <= limit)
        {
            return new MessagePage<T>(items, null);
        }

        items.RemoveAt(limit);
        return new MessagePage<T>(items, key(items[^1]));
    }

    private static T Snapshot<T>(SqliteConnection connection, Func<T> read)
    {
        return connection.InReadTransaction(() =>
        {
            return read();
        });
    }

    private static List<string> DeliveredTo(SqliteConnection connection, long localId)
    {
        using var command = connection.Command(
            "SELECT recipient FROM outbox_deliveries WHERE local_id = $local ORDER BY recipient;", ("$local", localId));
        using var reader = command.ExecuteReader();
        var recipients = new List<string>();
        while (reader.Read())
        {
            recipients.Add(reader.GetString(0));
        }

        return recipients;
    }
}
