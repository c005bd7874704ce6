namespace HstFederation.Node.Intelligence;

/// <summary>
/// When and why a product's copy was purged here: a message it lists among its sources was purged at this node (recalled,
/// restricted away or expired: <see cref="Storage.LifecyclePurge"/>'s causes), so nothing the product said is kept; or, when
/// <paramref name="ByHub"/>, the hub withdrew the product for that cause (<see cref="Storage.HubWithdrawals"/>); or, cause
/// <see cref="Storage.LifecyclePurge.Discarded"/>, the operator discarded it, left unrecorded at upgrade (<see cref="Storage.ProductDiscard"/>).
/// </summary>
internal sealed record ProductPurge(long AtMs, string Cause, bool ByHub = false);
