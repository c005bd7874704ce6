namespace HstFederation.Node.Intelligence;

/// <summary>
/// When and why a hit's notification was purged: one of its two messages was purged at this node (recalled, restricted
/// away or expired: <see cref="Storage.LifecyclePurge"/>'s causes), so nothing it said about that message is kept; or, when
/// <paramref name="ByHub"/>, the hub withdrew the notification for that cause (<see cref="Storage.HubWithdrawals"/>).
/// </summary>
internal sealed record HitWithdrawal(long AtMs, string Cause, bool ByHub = false);
