using Microsoft.Data.Sqlite;

namespace HstFederation.Storage.Audit;

/// <summary>Reads audit rows back as stored, for ledgers that list what the log says about one message.</summary>
public static class AuditReader
{
    /// <summary>
    /// The SQL of <see cref="AboutMessage"/> on <paramref name="connection"/>'s table (an owner may check its plan stays on its
    /// index by message id): with the certificate column where the table has it (<see cref="AuditColumns.Certificate"/>).
    /// </summary>
    public static string AboutMessageSql(SqliteConnection connection) =>
        $"SELECT seq, at_ms, actor, action, message_id, detail, prev_hash, hash, {AuditColumns.Certificate(connection)} FROM audit WHERE message_id = $id ORDER BY seq;";

    /// <summary>Every entry naming <paramref name="messageId"/>, in log order, inside the caller's snapshot.</summary>
    public static IReadOnlyList<AuditEntry> AboutMessage(SqliteConnection connection, byte[] messageId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = AboutMessageSql(connection);
        command.Parameters.AddWithValue("$id", messageId);
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : (byte[])reader[4],
                reader.GetString(5), (byte[])reader[6], (byte[])reader[7], reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return entries;
    }
}
