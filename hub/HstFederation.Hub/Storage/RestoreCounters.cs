using HstFederation.Protocol.Identities;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The numbers a hub database has handed out that its members keep: the highest delivery cursor (each member subscribes
/// after the last one it stored), the highest hub sequence (signed into every acceptance receipt), and the hub's own
/// numbering of its messages (its per-sender sequence and its count of messages to each member, which each member's node
/// checks for gaps and reorders). Each is the highest ever assigned, from <c>sqlite_sequence</c> where AUTOINCREMENT keeps it.
/// </summary>
internal sealed record RestoreCounters(long Cursor, long HubSequence, long HubSenderSequence, IReadOnlyDictionary<string, long> ToMembers)
{
    /// <summary>The counters of the database open on <paramref name="connection"/> (migrated: every table is there).</summary>
    public static RestoreCounters Read(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var toMembers = connection.Query(
            "SELECT recipient, last_sequence FROM hub_recipient_state;",
            reader =>
            {
                var rows = new Dictionary<string, long>(StringComparer.Ordinal);
                while (reader.Read())
                {
                    rows[reader.GetString(0)] = reader.GetInt64(1);
                }

                return rows;
            });
        return new RestoreCounters(
            Highest(connection, "deliveries", "cursor"),
            Highest(connection, "messages", "hub_sequence"),
            connection.Scalar("SELECT last_sequence FROM sender_state WHERE sender = $hub;", ("$hub", PartyId.Hub.Uri)) as long? ?? 0,
            toMembers);
    }

    /// <summary>What AUTOINCREMENT hands out next, less one: the highest ever used, or above the highest row.</summary>
    private static long Highest(SqliteConnection connection, string table, string key) =>
        // Table and column are this class's own constants, never input.
        (long)connection.Scalar(
            $"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0), coalesce((SELECT max({key}) FROM {table}), 0));")!;
}
