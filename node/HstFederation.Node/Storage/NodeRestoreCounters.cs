using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// What a node database says about what this NCB has sent, for a restore: the last number it gave a message
/// (<c>sequence_state</c>), its count of accepted messages to each recipient (<c>recipient_counts</c>, which numbers its
/// messages to that recipient), and the ids of the messages the hub accepted (hex) and of every message in its outbox.
/// </summary>
internal sealed record NodeRestoreCounters(
    long LastSequence, IReadOnlyDictionary<string, long> RecipientCounts, IReadOnlySet<string> Accepted, IReadOnlySet<string> InOutbox)
{
    public static NodeRestoreCounters Read(SqliteConnection connection)
    {
        var last = (long)connection.Scalar("SELECT last_sequence FROM sequence_state WHERE id = 1;")!;
        var counts = connection.Query("SELECT addressee, accepted FROM recipient_counts;", reader =>
        {
            var found = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read())
            {
                found[reader.GetString(0)] = reader.GetInt64(1);
            }

            return found;
        });
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        var all = new HashSet<string>(StringComparer.Ordinal);
        connection.Query("SELECT message_id, state FROM outbox;", reader =>
        {
            while (reader.Read())
            {
                var id = Convert.ToHexStringLower((byte[])reader[0]);
                all.Add(id);
                if (reader.GetInt64(1) == (long)OutboxState.Accepted)
                {
                    accepted.Add(id);
                }
            }

            return 0;
        });
        return new NodeRestoreCounters(last, counts, accepted, all);
    }
}
