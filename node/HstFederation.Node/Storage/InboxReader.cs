using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>Reads inbox, quarantine and alarm rows on a read connection.</summary>
internal static class InboxReader
{
    private const string Columns =
        $"local_id, sender, message_id, sequence, header_hash, envelope, plaintext, forwards, received_at_ms, content_type, {Ledger.CopyLifecycle.Columns}";

    /// <summary>As <see cref="Columns"/>, with an empty envelope in place of the stored one.</summary>
    private const string ContentColumns =
        $"local_id, sender, message_id, sequence, header_hash, X'', plaintext, forwards, received_at_ms, content_type, {Ledger.CopyLifecycle.Columns}";

    public static InboxEntry? Messages(SqliteConnection connection, string sender, byte[] messageId)
    {
        using var command = connection.Command(
            $"SELECT {Columns} FROM inbox WHERE sender = $sender AND message_id = $id;",
            ("$sender", sender),
            ("$id", messageId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? Entry(reader) : null;
    }

    /// <summary><paramref name="where"/> is a fixed SQL fragment from this assembly (it may end in ORDER BY / LIMIT); values go in parameters.</summary>
    public static IReadOnlyList<InboxEntry> Read(SqliteConnection connection, string where, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command($"SELECT {Columns} FROM inbox WHERE {where};", parameters);
        using var reader = command.ExecuteReader();
        var entries = new List<InboxEntry>();
        while (reader.Read())
        {
            entries.Add(Entry(reader));
        }

        return entries;
    }

    /// <summary>
    /// For the agency API: as <see cref="Read"/> with each envelope empty (never read: up to 4 MB a row), and no more rows
    /// once their plaintext adds up to <paramref name="maxBytes"/> (the row that reaches it is the last one).
    /// </summary>
    public static IReadOnlyList<InboxEntry> ReadContent(
        SqliteConnection connection, string where, long maxBytes, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command($"SELECT {ContentColumns} FROM inbox WHERE {where};", parameters);
        using var reader = command.ExecuteReader();
        var entries = new List<InboxEntry>();
        var bytes = 0L;
        while (bytes < maxBytes && reader.Read())
        {
            entries.Add(Entry(reader));
            bytes += entries[^1].Message.Plaintext.Length;
        }

        return entries;
    }

    /// <summary>Every inbox row with <paramref name="messageId"/>, whoever sent it, in the order stored.</summary>
    public static IReadOnlyList<InboxEntry> ByMessageId(SqliteConnection connection, byte[] messageId)
    {
        using var command = connection.Command($"SELECT {Columns} FROM inbox WHERE message_id = $id ORDER BY local_id;", ("$id", messageId));
        using var reader = command.ExecuteReader();
        var entries = new List<InboxEntry>();
        while (reader.Read())
        {
            entries.Add(Entry(reader));
        }

        return entries;
    }

    /// <summary>Quarantined deliveries in the order they came; resolved ones only with <paramref name="includeResolved"/>.</summary>
    public static IReadOnlyList<QuarantineEntry> Quarantined(SqliteConnection connection, bool includeResolved = false)
    {
        using var command = connection.Command(
            "SELECT id, envelope, reason, detail, quarantined_at_ms, resolved_at_ms, resolved_by_operator, resolution_note, NULL FROM quarantine" +
            (includeResolved ? string.Empty : " WHERE resolved_at_ms IS NULL") + " ORDER BY id;");
        using var reader = command.ExecuteReader();
        var entries = new List<QuarantineEntry>();
        while (reader.Read())
        {
            entries.Add(new QuarantineEntry(reader.GetInt64(0), (byte[])reader[1], reader.GetString(2), reader.GetString(3), reader.GetInt64(4))
            {
                Resolved = Resolved(reader, 5),
            });
        }

        return entries;
    }

    /// <summary>Alarms in the order they were raised; resolved ones only with <paramref name="includeResolved"/>.</summary>
    public static IReadOnlyList<SequenceAlarm> Alarms(SqliteConnection connection, bool includeResolved = false)
    {
        using var command = connection.Command(
            "SELECT id, kind, sender, expected, received, raised_at_ms, message_id, resolved_at_ms, resolved_by_operator, resolution_note, resolved_by FROM alarms" +
            (includeResolved ? string.Empty : " WHERE resolved_at_ms IS NULL") + " ORDER BY id;");
        using var reader = command.ExecuteReader();
        var alarms = new List<SequenceAlarm>();
        while (reader.Read())
        {
            alarms.Add(new SequenceAlarm(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : (byte[])reader[6])
            {
                Resolved = Resolved(reader, 7),
            });
        }

        return alarms;
    }

    /// <summary>Columns from <paramref name="first"/>: resolved_at_ms, resolved_by_operator, resolution_note, the notice's id.</summary>
    private static Resolution? Resolved(SqliteDataReader reader, int first) =>
        reader.IsDBNull(first)
            ? null
            : new Resolution(reader.GetInt64(first), OperatorResolutions.By(reader, first + 1, first + 3), reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2));

    private static InboxEntry Entry(SqliteDataReader reader) =>
        new(
            reader.GetInt64(0),
            new ReceivedEnvelope(reader.GetString(1), (byte[])reader[2], reader.GetInt64(3), (byte[])reader[4],
                (byte[])reader[5], (byte[])reader[6], reader.GetInt32(7)) { ContentType = reader.GetString(9) },
            reader.GetInt64(8))
        {
            Lifecycle = Ledger.CopyLifecycle.FromRow(reader, 10),
        };
}
