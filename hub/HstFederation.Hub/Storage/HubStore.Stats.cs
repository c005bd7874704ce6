using HstFederation.Hub.Audit;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>
    /// Undelivered envelopes per recipient, from the unacknowledged rows' index only. Named: keyed by message since
    /// migration 12, that index no longer gives the recipient order the GROUP BY wants, and the planner would walk every
    /// delivery ever made by <c>deliveries_by_recipient</c> instead (the queue-depth gauges run this every scrape). The
    /// GROUP BY then sorts the backlog's rows (the unacknowledged ones, however many a member left waiting), not one per
    /// recipient: a cost that grows with a backlog, never with the traffic ever carried.
    /// </summary>
    internal const string UndeliveredSql = """
        SELECT d.recipient, COUNT(*), MIN(m.accepted_at_ms)
        FROM deliveries d INDEXED BY deliveries_unacked JOIN messages m ON m.hub_sequence = d.hub_sequence
        WHERE d.acked_at_ms IS NULL AND d.withdrawn_at_ms IS NULL GROUP BY d.recipient;
        """;

    /// <summary>Rejections by reason, from the rejections' own partial index (migration 12).</summary>
    internal const string RejectionsSql = $"SELECT detail, COUNT(*), 0 FROM audit WHERE action = '{AuditActions.Reject}' GROUP BY detail;";

    /// <summary>
    /// Queues per party (every enrolled member, plus any other party with messages or deliveries), accepted
    /// totals, and rejection counts by reason from the audit log; one read snapshot.
    /// </summary>
    public Task<StoreStats> StatsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        return connection.InReadTransaction(() =>
        {
            var parties = new SortedDictionary<string, (long Undelivered, long? Oldest, long Accepted)>(StringComparer.Ordinal);
            foreach (var party in Rows(connection, "SELECT party, 0, 0 FROM members;"))
            {
                parties[party.Key] = (0, null, 0);
            }

            foreach (var row in Rows(connection, UndeliveredSql))
            {
                parties[row.Key] = (row.Count, row.Extra, parties.GetValueOrDefault(row.Key).Accepted);
            }

            foreach (var row in Rows(connection, "SELECT sender, COUNT(*), 0 FROM messages GROUP BY sender;"))
            {
                var known = parties.GetValueOrDefault(row.Key);
                parties[row.Key] = (known.Undelivered, known.Oldest, row.Count);
            }

            var rejections = new Dictionary<RejectionReason, long>();
            foreach (var row in Rows(connection, RejectionsSql))
            {
                if (Enum.TryParse<RejectionReason>(row.Key, out var reason))
                {
                    rejections[reason] = rejections.GetValueOrDefault(reason) + row.Count;
                }
            }

            var queues = parties
                .Where(pair => PartyId.TryParse(pair.Key, out _))
                .Select(pair => new MemberQueueStats(PartyId.Parse(pair.Key), pair.Value.Undelivered, pair.Value.Oldest, pair.Value.Accepted))
                .ToList();
            return Task.FromResult(new StoreStats(
                queues, queues.Sum(queue => queue.Accepted), queues.Sum(queue => queue.Undelivered), rejections));
        });
    }

    private static List<(string Key, long Count, long? Extra)> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.Command(sql);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long, long?)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)));
        }

        return rows;
    }
}
