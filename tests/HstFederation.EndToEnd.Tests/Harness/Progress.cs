using HstFederation.EndToEnd.Tests.Checking;
using Microsoft.Data.Sqlite;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// Where a running federation stands, read from the parties' SQLite files through read-only connections: how many
/// messages each node has queued, had accepted (a hub receipt kept) or rejected, how many delivery receipts came back,
/// what its inbox holds; and how many deliveries wait at the hub. Fault moments are tied to these counts, so every
/// fault falls inside the load however fast or slow the machine is.
/// </summary>
internal static class Progress
{
    public static NodeCounts Node(NodeParty node)
    {
        try
        {
            using var connection = ReadOnlyDatabase.Open(node.DatabasePath);
            using var command = connection.Command(
                """
                SELECT (SELECT count(*) FROM outbox WHERE state = 1),
                       (SELECT count(*) FROM outbox WHERE state = 2),
                       (SELECT count(*) FROM outbox WHERE state = 3),
                       (SELECT count(*) FROM outbox_addressees a JOIN outbox o ON o.local_id = a.local_id WHERE o.state = 2),
                       (SELECT count(*) FROM outbox_deliveries),
                       (SELECT count(*) FROM inbox),
                       (SELECT count(*) FROM quarantine),
                       (SELECT count(*) FROM alarms WHERE resolved_at_ms IS NULL);
                """);
            using var reader = command.ExecuteReader();
            reader.Read();
            return new NodeCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.GetInt64(6), reader.GetInt64(7));
        }
        catch (SqliteException)
        {
            return NodeCounts.Unknown; // e.g. busy while a restarted party recovers its WAL: ask again
        }
    }

    /// <summary>Deliveries (envelopes and relayed receipts) the hub holds unacknowledged, per recipient party; null when it cannot be read now.</summary>
    public static Dictionary<string, long>? HubUnacknowledged(HubParty hub)
    {
        try
        {
            using var connection = ReadOnlyDatabase.Open(hub.DatabasePath);
            using var command = connection.Command("SELECT recipient, count(*) FROM deliveries WHERE acked_at_ms IS NULL GROUP BY recipient;");
            using var reader = command.ExecuteReader();
            var waiting = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read())
            {
                waiting[reader.GetString(0)] = reader.GetInt64(1);
            }

            return waiting;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    public static long Accepted(Federation federation) => federation.Nodes.Values.Sum(n => Math.Max(0, Node(n).Accepted));

    /// <summary>
    /// Nothing is left to move: no node has a queued message, every accepted message has a delivery receipt from each
    /// addressee, and the hub holds no unacknowledged delivery. <paramref name="except"/> names nodes left out (e.g. a
    /// revoked member, whose receipts can no longer reach it).
    /// </summary>
    public static bool Drained(Federation federation, params string[] except)
    {
        var nodes = federation.Nodes.Values.Where(n => !except.Contains(n.Code)).ToList();
        var counts = nodes.Select(Node).ToList();
        var waiting = HubUnacknowledged(federation.Hub);
        return counts.All(c => c.Known && c.Queued == 0 && c.Receipts == c.AcceptedAddressees)
            && waiting is not null && nodes.All(n => !waiting.ContainsKey(n.Party));
    }

    /// <summary>One line per party, for failure messages and reports.</summary>
    public static string Describe(Federation federation) =>
        string.Join('\n', federation.Nodes.Values.Select(n => $"{n.Code}: {Node(n)}").Append($"hub: unacknowledged deliveries {Waiting(HubUnacknowledged(federation.Hub))}"));

    private static string Waiting(Dictionary<string, long>? waiting) =>
        waiting is null ? "(database busy)" : waiting.Count == 0 ? "none" : string.Join(", ", waiting.Select(w => $"{w.Key} {w.Value}"));
}
