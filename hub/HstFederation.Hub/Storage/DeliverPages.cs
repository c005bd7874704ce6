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
    /// The time of <paramref name="member"/>'s first <c>deliver</c> entry after <paramref name="afterSeq"/> whose range
    /// covers <paramref name="cursor"/>, or null when none does (audit_by_action, from <paramref name="afterSeq"/> on:
    /// every member's pages since then are walked).
    /// </summary>
    public static long? FirstCovering(SqliteConnection connection, string member, long cursor, long afterSeq) =>
        connection.Query(
            "SELECT at_ms, detail FROM audit WHERE action = 'deliver' AND seq > $after AND actor = $member ORDER BY seq;",
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
