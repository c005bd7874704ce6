using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

internal sealed partial class HubStore
{
    /// <summary>
    /// The rows a <see cref="HitListFilter"/> selects. The earlier message is the held one (hits CHECK held &lt; new). The
    /// window is searched through hits_by_detected (migration 13), never by reading every hit; in a read snapshot, which
    /// never blocks the writer.
    /// </summary>
    private const string HitsFrom = """
        FROM hits h
        JOIN messages e ON e.hub_sequence = h.held_message
        JOIN messages l ON l.hub_sequence = h.new_message
        LEFT JOIN message_lifecycle el ON el.hub_sequence = h.held_message
        LEFT JOIN message_lifecycle ll ON ll.hub_sequence = h.new_message
        WHERE h.detected_at_ms >= $since AND ($kind IS NULL OR h.kind = $kind) AND ($member IS NULL OR e.sender = $member OR l.sender = $member)
        """;

    /// <summary>How many hits the filter selects (the list's total).</summary>
    internal const string HitsCountSql = "SELECT count(*) " + HitsFrom + ";";

    /// <summary>
    /// The newest $max of them, in the order of hits_by_detected's keys walked backwards: the index gives the order, so no
    /// sort of the window is needed and the walk stops at the limit.
    /// </summary>
    internal const string HitsListSql = $"""
        SELECT h.hit_id, h.basis, h.kind, h.score, h.detected_at_ms,
               e.hub_sequence, e.sender, e.message_id, el.state, el.superseded_by, el.purged_at_ms,
               l.hub_sequence, l.sender, l.message_id, ll.state, ll.superseded_by, ll.purged_at_ms
        {HitsFrom}
        ORDER BY h.detected_at_ms DESC, h.new_message DESC, h.held_message DESC LIMIT $max;
        """;

    /// <summary>
    /// The hits <paramref name="filter"/> selects, newest first (detection time, then the later and the earlier message's
    /// hub sequence: a batch's hits share one time), at most <paramref name="max"/>, with their total; one read snapshot.
    /// Hits on recalled, expired or superseded messages are listed too: their rows stay (docs/intelligence.md §3), as the
    /// ledger shows them. Read-only.
    /// </summary>
    public Task<HitList> ListHitsAsync(HitListFilter filter, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Database.OpenReadConnection();
        (string, object?)[] parameters = [("$since", filter.SinceMs), ("$kind", filter.Kind is { } kind ? (long)kind : (object?)null), ("$member", filter.Member?.Uri)];
        return connection.InReadTransaction(() =>
        {
            var total = (long)connection.Scalar(HitsCountSql, parameters)!;
            var rows = connection.Query(
                HitsListSql,
                reader =>
                {
                    var found = new List<(byte[] Id, HitBasis Basis, MatchKind Kind, double Score, long Detected, HitMessage Earlier, HitMessage Later)>();
                    while (reader.Read())
                    {
                        found.Add(((byte[])reader[0], (HitBasis)reader.GetInt64(1), (MatchKind)reader.GetInt64(2), reader.GetDouble(3), reader.GetInt64(4),
                            Message(reader, 5), Message(reader, 11)));
                    }

                    return found;
                },
                [.. parameters, ("$max", Math.Max(1, max))]);
            IReadOnlyList<ListedHit> hits = rows.ConvertAll(row =>
                new ListedHit(row.Id, row.Basis, row.Kind, row.Score, row.Detected, row.Earlier, row.Later, LedgerHits.Notified(connection, row.Id)));
            return Task.FromResult(new HitList(total, hits));
        });
    }

    /// <summary>Six columns from <paramref name="first"/>: hub sequence, sender, message id, lifecycle state, superseded_by, purged_at_ms.</summary>
    private static HitMessage Message(SqliteDataReader reader, int first) => new(
        reader.GetInt64(first),
        PartyId.Parse(reader.GetString(first + 1)),
        (byte[])reader[first + 2],
        reader.IsDBNull(first + 3) ? MessageState.Active : (MessageState)reader.GetInt64(first + 3),
        !reader.IsDBNull(first + 4),
        LedgerReader.Nullable(reader, first + 5));
}
