using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>The retention_reviews rows (migration 6): one per message and retention date the source was asked about.</summary>
internal static class RetentionRows
{
    /// <summary>Records that the review of this date is being asked now; false when it was asked before (once per date).</summary>
    public static bool TryAddReview(WriteContext context, long hubSequence, long retainUntilMs) =>
        context.Connection.Execute(
            """
            INSERT INTO retention_reviews (hub_sequence, retain_until_ms, requested_at_ms) VALUES ($hub, $until, $now)
            ON CONFLICT (hub_sequence, retain_until_ms) DO NOTHING;
            """,
            ("$hub", hubSequence), ("$until", retainUntilMs), ("$now", context.NowMs)) == 1;

    /// <summary>Names the hub's envelope that carried the review.</summary>
    public static void SetReviewMessage(WriteContext context, long hubSequence, long retainUntilMs, long reviewHubSequence) =>
        context.Connection.Execute(
            "UPDATE retention_reviews SET review_hub_sequence = $review WHERE hub_sequence = $hub AND retain_until_ms = $until;",
            ("$review", reviewHubSequence), ("$hub", hubSequence), ("$until", retainUntilMs));

    public static bool Reviewed(SqliteConnection connection, long hubSequence, long retainUntilMs) =>
        connection.Scalar(
            "SELECT 1 FROM retention_reviews WHERE hub_sequence = $hub AND retain_until_ms = $until;",
            ("$hub", hubSequence), ("$until", retainUntilMs)) is not null;

    /// <summary>
    /// How many members hold a copy besides the source: its addressees' and forwarded deliveries. Reached from members, as
    /// the ledger does, so deliveries_envelope_once finds them (every recipient is an enrolled member).
    /// </summary>
    public static long Holders(SqliteConnection connection, long hubSequence, string source) =>
        (long)connection.Scalar(
            """
            SELECT count(*) FROM members p CROSS JOIN deliveries d ON d.recipient = p.party AND d.hub_sequence = $hub AND d.kind = 1
            WHERE p.party <> $source;
            """,
            ("$hub", hubSequence), ("$source", source))!;
}
