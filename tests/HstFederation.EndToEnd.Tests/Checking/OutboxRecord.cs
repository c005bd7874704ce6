namespace HstFederation.EndToEnd.Tests.Checking;

/// <summary>One outbox row of a node, with its addressees and the delivery receipts it holds.</summary>
internal sealed record OutboxRecord(
    MessageKey Key, long LocalId, OutboxState State, byte[]? Envelope, byte[] Plaintext, byte[]? Receipt, long? HubSequence,
    string? RejectReason, string? RejectDetail, List<string> Addressees, Dictionary<string, byte[]> DeliveryReceipts);
