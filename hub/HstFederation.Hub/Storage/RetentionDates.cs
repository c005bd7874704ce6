using HstFederation.Protocol.Identities;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The one place the retention schedule and `hst-hub status` learn each message's effective retention date: the
/// active members' messages in <c>message_lifecycle</c> (the signed date, moved by extensions), through its partial
/// index on the date. The hub's own messages have no source to review them and no member to issue their orders.
/// A message accepted without a lifecycle row gets one first (<see cref="EnsureRows"/>).
/// </summary>
internal static class RetentionDates
{
    private const string MembersOnly = "m.sender LIKE 'urn:hst:member:%'";

    /// <summary>Active members' messages whose effective date is at or before <paramref name="untilMs"/>, by date.</summary>
    public static IReadOnlyList<RetentionCandidate> Until(SqliteConnection connection, long untilMs) =>
        connection.Query(
            $"""
            SELECT l.hub_sequence, m.sender, m.message_id, l.header_sha256, l.retain_until_ms
            FROM message_lifecycle l JOIN messages m ON m.hub_sequence = l.hub_sequence
            WHERE l.state = 1 AND l.retain_until_ms <= $until AND {MembersOnly}
            ORDER BY l.retain_until_ms, l.hub_sequence;
            """,
            reader =>
            {
                var dated = new List<RetentionCandidate>();
                while (reader.Read())
                {
                    dated.Add(new RetentionCandidate(reader.GetInt64(0), PartyId.Parse(reader.GetString(1)), (byte[])reader[2], (byte[])reader[3], reader.GetInt64(4)));
                }

                return dated;
            },
            ("$until", untilMs));

    /// <summary>
    /// Creates the lifecycle rows of members' messages above <paramref name="afterHubSequence"/> that have none (accepted
    /// before migration 5), at most <paramref name="max"/>; returns the highest hub sequence looked at, or
    /// <paramref name="afterHubSequence"/> when there was nothing left to look at.
    /// </summary>
    public static long EnsureRows(WriteContext context, long afterHubSequence, int max)
    {
        var missing = context.Connection.Query(
            $"""
            SELECT m.hub_sequence, l.hub_sequence IS NULL FROM messages m LEFT JOIN message_lifecycle l ON l.hub_sequence = m.hub_sequence
            WHERE m.hub_sequence > $after AND {MembersOnly} ORDER BY m.hub_sequence LIMIT $max;
            """,
            reader =>
            {
                var rows = new List<(long Hub, bool Missing)>();
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), reader.GetBoolean(1)));
                }

                return rows;
            },
            ("$after", afterHubSequence),
            ("$max", max));
        foreach (var (hub, _) in missing.Where(row => row.Missing))
        {
            LifecycleStates.Ensure(context.Connection, hub);
        }

        return missing.Count == 0 ? afterHubSequence : missing[^1].Hub;
    }
}
