namespace HstFederation.Node.Storage;

/// <summary>An order signed by this node for one version it sent, ready for the order outbox. <see cref="Action"/>: LifecycleOrders.ActionName.</summary>
internal sealed record NewOrder(byte[] OrderId, long OutboxLocalId, byte[] MessageId, string Action, byte[] Statement);
