namespace HstFederation.Node.Intelligence;

/// <summary>
/// When and why a hit's notification was purged: one of its two messages was purged at this node (recalled, restricted
/// away or expired: <see cref="Storage.LifecyclePurge"/>'s causes), so nothing it said about that message is kept.
/// </summary>
internal sealed record HitWithdrawal(long AtMs, string Cause);
