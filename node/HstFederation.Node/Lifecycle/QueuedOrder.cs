namespace HstFederation.Node.Lifecycle;

/// <summary>An order stored in the order outbox for one version of a case; <see cref="Action"/> is LifecycleOrders.ActionName.</summary>
internal sealed record QueuedOrder(byte[] OrderId, byte[] MessageId, int Version, string Action);
