using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>Reads of the lifecycle columns and tables (Migration0009).</summary>
internal static class LifecycleReader
{
    /// <summary>The HST messages stored under <paramref name="messageId"/>, whoever sent them (normally one).</summary>
    public static IReadOnlyList<HeldCopy> HeldCopies(SqliteConnection connection, byte[] messageId)
    {
        using var command = connection.Command(
            """
            SELECT local_id, sender, header_hash, envelope, effective_handling, retain_until_ms, purged_at_ms
            FROM inbox WHERE message_id = $id AND content_type = 'hst.v1.HstMessage' ORDER BY local_id;
            """,
            ("$id", messageId));
        using var reader = command.ExecuteReader();
        var copies = new List<HeldCopy>();
        while (reader.Read())
        {
            copies.Add(new HeldCopy(
                reader.GetInt64(0), reader.GetString(1), (byte[])reader[2], (byte[])reader[3],
                reader.IsDBNull(4) ? null : (byte[])reader[4], reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6)));
        }

        return copies;
    }

    /// <summary>The tombstone of <paramref name="messageId"/>, if any: cause, outcome, when, and whether the order is kept.</summary>
    public static Tombstone? TombstoneOf(SqliteConnection connection, byte[] messageId)
    {
        using var command = connection.Command(
            "SELECT sender, cause, outcome, purged_at_ms, order_statement FROM tombstones WHERE message_id = $id ORDER BY purged_at_ms LIMIT 1;",
            ("$id", messageId));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new Tombstone(reader.GetString(0), messageId, reader.GetString(1), (Protocol.V1.LifecycleOutcome)reader.GetInt32(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : (byte[])reader[4])
            : null;
    }
}
