namespace HstFederation.Node.Storage;

/// <summary>An outbox message in full (plaintext, envelope, receipts) with its summary.</summary>
internal sealed record OutboxDetail(OutboxEntry Entry, MessageSummary Summary);
