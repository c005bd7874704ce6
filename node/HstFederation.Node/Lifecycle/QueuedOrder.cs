namespace HstFederation.Node.Lifecycle;

/// <summary>
/// An order stored in the order outbox for one version of a case; <see cref="Action"/> is LifecycleOrders.ActionName.
/// <see cref="Pending"/>: it waits for the hub's answer to that version (Storage.PendingRecalls).
/// </summary>
internal sealed record QueuedOrder(byte[] OrderId, byte[] MessageId, int Version, string Action, bool Pending = false);
