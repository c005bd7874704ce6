using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// What a node database says about what this NCB has sent, for a restore: the last number it gave a message
/// (<c>sequence_state</c>), its count of accepted messages to each recipient (<c>recipient_counts</c>, which numbers its
/// messages to that recipient), and the state of every message in its outbox by id (hex).
/// </summary>
internal sealed record NodeRestoreCounters(long LastSequence, IReadOnlyDictionary<string, long> RecipientCounts, IReadOnlyDictionary<string, OutboxState> Outbox)
{
    public IEnumerable<string> InState(OutboxState state) => Outbox.Where(row => row.Value == state).Select(row => row.Key);

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
        var outbox = connection.Query("SELECT message_id, state FROM outbox;", reader =>
        {
            var found = new Dictionary<string, OutboxState>(StringComparer.Ordinal);
            while (reader.Read())
            {
                found[Convert.ToHexStringLower((byte[])reader[0])] = (OutboxState)reader.GetInt64(1);
            }

            return found;
        });
        return new NodeRestoreCounters(last, counts, outbox);
    }
}
