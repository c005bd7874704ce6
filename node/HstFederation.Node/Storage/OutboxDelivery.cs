namespace HstFederation.Node.Storage;

/// <summary>A recipient's signed delivery receipt for one outbox message, kept as evidence.</summary>
internal sealed record OutboxDelivery(string Recipient, byte[] Receipt, long ReceivedAtMs);
