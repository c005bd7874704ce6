using Microsoft.Data.Sqlite;

namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>What a stopped node's database holds, read in one read-only snapshot: outbox, inbox, quarantine, open alarms (a resolved one explained itself), receive audits.</summary>
internal sealed class NodeRecords
{
    public required string Party { get; init; }

    public required Dictionary<MessageKey, OutboxRecord> Outbox { get; init; }

    public required Dictionary<MessageKey, InboxRecord> Inbox { get; init; }

    public required List<string> Quarantine { get; init; }

    public required List<string> Alarms { get; init; }

    /// <summary>How many 'receive' audit entries name each (sender, message id).</summary>
    public required Dictionary<MessageKey, int> ReceiveAudits { get; init; }

    public static NodeRecords Read(string party, string databasePath)
    {
        using var connection = ReadOnlyDatabase.Open(databasePath);
        connection.Execute("BEGIN;"); // one snapshot for every table
        try
        {
            return new NodeRecords
            {
                Party = party,
                Outbox = ReadOutbox(connection, party),
                Inbox = ReadInbox(connection),
                Quarantine = Strings(connection, "SELECT reason || ': ' || detail FROM quarantine ORDER BY id;"),
                Alarms = Strings(connection, "SELECT kind || ' from ' || sender || ': expected ' || expected || ', received ' || received FROM alarms WHERE resolved_at_ms IS NULL ORDER BY id;"),
                ReceiveAudits = ReadReceiveAudits(connection),
            };
        }
        finally
        {
            connection.Execute("COMMIT;");
        }
    }

    private static Dictionary<MessageKey, OutboxRecord> ReadOutbox(SqliteConnection connection, string party)
    {
        var addressees = new Dictionary<long, List<string>>();
        using (var command = connection.Command("SELECT local_id, addressee FROM outbox_addressees;"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                (addressees.TryGetValue(reader.GetInt64(0), out var list) ? list : addressees[reader.GetInt64(0)] = []).Add(reader.GetString(1));
            }
        }

        var receipts = new Dictionary<long, Dictionary<string, byte[]>>();
        using (var command = connection.Command("SELECT local_id, recipient, receipt FROM outbox_deliveries;"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                (receipts.TryGetValue(reader.GetInt64(0), out var map) ? map : receipts[reader.GetInt64(0)] = new(StringComparer.Ordinal))
                    .Add(reader.GetString(1), (byte[])reader[2]);
            }
        }

        var outbox = new Dictionary<MessageKey, OutboxRecord>();
        using (var command = connection.Command(
            "SELECT local_id, message_id, state, envelope, plaintext, receipt, hub_sequence, reject_reason, reject_detail FROM outbox ORDER BY local_id;"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var localId = reader.GetInt64(0);
                var key = MessageKey.Of(party, (byte[])reader[1]);
                outbox.Add(key, new OutboxRecord(
                    key, localId, (OutboxState)reader.GetInt64(2), reader.IsDBNull(3) ? null : (byte[])reader[3], (byte[])reader[4],
                    reader.IsDBNull(5) ? null : (byte[])reader[5], reader.IsDBNull(6) ? null : reader.GetInt64(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                    addressees.GetValueOrDefault(localId) ?? [], receipts.GetValueOrDefault(localId) ?? []));
            }
        }

        return outbox;
    }

    private static Dictionary<MessageKey, InboxRecord> ReadInbox(SqliteConnection connection)
    {
        var inbox = new Dictionary<MessageKey, InboxRecord>();
        using var command = connection.Command("SELECT sender, message_id, header_hash, envelope, plaintext FROM inbox ORDER BY local_id;");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var key = MessageKey.Of(reader.GetString(0), (byte[])reader[1]);
            inbox.Add(key, new InboxRecord(key, (byte[])reader[2], (byte[])reader[3], (byte[])reader[4]));
        }

        return inbox;
    }

    private static Dictionary<MessageKey, int> ReadReceiveAudits(SqliteConnection connection)
    {
        var counts = new Dictionary<MessageKey, int>();
        using var command = connection.Command("SELECT actor, message_id, count(*) FROM audit WHERE action = 'receive' GROUP BY actor, message_id;");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            counts[MessageKey.Of(reader.GetString(0), (byte[])reader[1])] = reader.GetInt32(2);
        }

        return counts;
    }

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.Command(sql);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
