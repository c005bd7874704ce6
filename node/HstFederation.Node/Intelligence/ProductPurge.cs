namespace HstFederation.Node.Intelligence;

/// <summary>
/// When and why a product's copy was purged here: a message it lists among its sources was purged at this node (recalled,
/// restricted away or expired: <see cref="Storage.LifecyclePurge"/>'s causes), so nothing the product said is kept.
/// </summary>
internal sealed record ProductPurge(long AtMs, string Cause);
