namespace HstFederation.Hub.Storage;

/// <summary>What `hst-hub status` shows: reviews awaiting an answer, orders awaiting confirmations, and the retention dates ahead (earliest first).</summary>
internal sealed record HubStatus(
    IReadOnlyList<PendingReview> PendingReviews,
    IReadOnlyList<OutstandingConfirmation> OutstandingConfirmations,
    IReadOnlyList<RetentionCandidate> UpcomingExpiries);
