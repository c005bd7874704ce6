using HstFederation.Protocol.V1;
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
    /// The source's answer to the review of <paramref name="retainUntilMs"/> (the date in force when the order came): an
    /// extension or a lapse order, inside the transaction that applies it. The latest answer counts; an answer given before
    /// the hub asked leaves no review row (the order itself is the record).
    /// </summary>
    public static void Decide(WriteContext context, long hubSequence, long retainUntilMs, LifecycleOrder order)
    {
        var decision = order.ActionCase switch
        {
            LifecycleOrder.ActionOneofCase.Extension => RetentionDecision.Extended,
            LifecycleOrder.ActionOneofCase.Lapse => RetentionDecision.Lapsed,
            _ => (RetentionDecision?)null,
        };
        if (decision is { } decided)
        {
            context.Connection.Execute(
                "UPDATE retention_reviews SET decision = $decision, decided_at_ms = $now WHERE hub_sequence = $hub AND retain_until_ms = $until;",
                ("$decision", (long)decided), ("$now", context.NowMs), ("$hub", hubSequence), ("$until", retainUntilMs));
        }
    }
}
