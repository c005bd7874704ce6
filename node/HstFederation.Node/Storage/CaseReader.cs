using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// The versions of one case in this node's outbox (docs/lifecycle.md §2): from any version, back along
/// <c>supersedes_message_id</c> and forward along <c>superseded_by</c>, oldest first. Only this node's own messages:
/// a case is never followed into the inbox.
/// </summary>
internal static class CaseReader
{
    private const int MaxVersions = 1000;

    public static IReadOnlyList<SentVersion> Versions(SqliteConnection connection, byte[] messageId)
    {
        return connection.InReadTransaction(() =>
        {
            if (Find(connection, messageId) is not { } start)
            {
                return [];
            }

            var versions = new List<SentVersion> { start };
            for (var older = start; older.SupersedesMessageId is { } id && versions.Count < MaxVersions && Find(connection, id) is { } previous; older = previous)
            {
                versions.Insert(0, previous);
            }

            for (var newer = start; newer.SupersededBy is { } id && versions.Count < MaxVersions && Find(connection, id) is { } next; newer = next)
            {
                versions.Add(next);
            }

            return versions;
        });
    }

    private static SentVersion? Find(SqliteConnection connection, byte[] messageId)
    {
        using var command = connection.Command(
            """
            SELECT local_id, message_id, state, envelope, plaintext, version, supersedes_message_id, superseded_by, effective_handling,
                   retain_until_ms, purged_at_ms,
                   EXISTS (SELECT 1 FROM lifecycle_orders_issued o WHERE o.message_id = outbox.message_id AND o.action = 'recall' AND o.state <> 3)
            FROM outbox WHERE message_id = $id;
            """,
            ("$id", messageId));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new SentVersion(
                reader.GetInt64(0), (byte[])reader[1], (OutboxState)reader.GetInt64(2), reader.IsDBNull(3) ? null : (byte[])reader[3], (byte[])reader[4],
                reader.GetInt32(5), reader.IsDBNull(6) ? null : (byte[])reader[6], reader.IsDBNull(7) ? null : (byte[])reader[7],
                reader.IsDBNull(8) ? null : (byte[])reader[8], reader.IsDBNull(9) ? null : reader.GetInt64(9), reader.IsDBNull(10) ? null : reader.GetInt64(10),
                reader.GetInt64(11) != 0)
            : null;
    }
}
