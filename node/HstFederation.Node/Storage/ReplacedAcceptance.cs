using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// A message the replaced database had sent and the hub accepted, as that database recorded it: the envelope the hub holds
/// (and its recipients), the number it carries, the hub's signed receipt. Read only for the messages a restore finds queued in
/// the backup, whose acceptance it carries over.
/// </summary>
internal sealed record ReplacedAcceptance(string MessageId, byte[] Envelope, long Sequence, byte[] Receipt, long HubSequence, long AcceptedAtMs)
{
    public static IReadOnlyList<ReplacedAcceptance> Read(string database, IReadOnlyCollection<string> messageIds)
    {
        if (messageIds.Count == 0)
        {
            return [];
        }

        var found = new List<ReplacedAcceptance>();
        try
        {
            ReadInto(database, messageIds, found);
        }
        catch (SqliteException)
        {
            // Read a moment ago for its counts (ReplacedDatabase): unreadable now, nothing is carried and those messages end
            // Replay when sealed again, as after a hand copy.
            return [];
        }

        return found;
    }

    private static void ReadInto(string database, IReadOnlyCollection<string> messageIds, List<ReplacedAcceptance> found)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        foreach (var id in messageIds)
        {
            connection.Query(
                "SELECT envelope, sequence, receipt, hub_sequence, state_at_ms FROM outbox WHERE message_id = $id AND state = 2 AND envelope IS NOT NULL;",
                reader =>
                {
                    if (reader.Read())
                    {
                        found.Add(new ReplacedAcceptance(id, (byte[])reader[0], reader.GetInt64(1), (byte[])reader[2], reader.GetInt64(3), reader.GetInt64(4)));
                    }

                    return 0;
                },
                ("$id", Convert.FromHexString(id)));
        }
    }
}
