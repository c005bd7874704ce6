namespace HstFederation.Node.Ledger;

/// <summary>
/// What needs the NCB's attention in the lifecycle (`hst-node status`, docs/lifecycle.md §6), read in one snapshot: retention
/// reviews not yet decided, holders that have not confirmed an accepted order, copies whose retention date falls
/// within the window, orders the hub refused, and this node's messages the hub expired before some recipients acknowledged
/// them (its expiry reports, newest first). Each list holds at most <see cref="LifecycleStatusReader.MaxListed"/>
/// items (the most urgent first); the counts are complete.
/// </summary>
internal sealed record LifecycleStatus(
    long PendingReviewCount,
    IReadOnlyList<PendingReview> PendingReviews,
    long OutstandingCount,
    IReadOnlyList<OutstandingConfirmation> Outstanding,
    long ExpiringCount,
    IReadOnlyList<UpcomingExpiry> Expiring,
    long RefusedOrderCount,
    IReadOnlyList<RefusedOrder> RefusedOrders,
    long ExpiredUndeliveredCount,
    IReadOnlyList<ExpiredUndelivered> ExpiredUndelivered);
