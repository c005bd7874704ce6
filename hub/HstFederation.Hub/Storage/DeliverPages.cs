using System.Globalization;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The streams' <c>deliver</c> audit entries read back (one per page sent, detail "cursors first-last (n)",
/// <c>Subscriptions/DeliverAudit</c>): when a page of a member's stream first carried a delivery. A stream sends a
/// member's deliveries in cursor order, so a page whose range covers the cursor sent it.
/// </summary>
internal static class DeliverPages
{
    /// <summary>
    /// Walks one member's pages in the order written, through <c>audit_deliver_by_actor</c> (migration 11): not the other
    /// members' pages, and it stops at the first page that covers the cursor. Named, because the planner would otherwise
    /// take <c>audit_by_action</c> (every member's pages) when the statistics make the action look selective.
    /// </summary>
    internal const string FirstCoveringSql =
        "SELECT at_ms, detail FROM audit INDEXED BY audit_deliver_by_actor WHERE action = 'deliver' AND actor = $member AND seq > $after ORDER BY seq;";

    /// <summary>
    /// The time of <paramref name="member"/>'s first <c>deliver</c> entry after <paramref name="afterSeq"/> whose range
    /// covers <paramref name="cursor"/>, or null when none does.
    /// </summary>
    public static long? FirstCovering(SqliteConnection connection, string member, long cursor, long afterSeq) =>
        connection.Query(
            FirstCoveringSql,
            reader =>
            {
                while (reader.Read())
                {
                    if (Covers(reader.GetString(1), cursor))
                    {
                        return reader.GetInt64(0);
                    }
                }

                return (long?)null;
            },
            ("$after", afterSeq),
            ("$member", member));

    private static bool Covers(string detail, long cursor)
    {
        // "cursors 12-40 (7)"
        var range = detail.Split(' ') is [_, var span, ..] ? span.Split('-') : [];
        return range.Length == 2
            && long.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && long.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            && first <= cursor && cursor <= last;
    }
}
