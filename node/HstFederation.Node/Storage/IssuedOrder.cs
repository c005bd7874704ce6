namespace HstFederation.Node.Storage;

/// <summary>
/// An order this node issued as a message's source, as kept in the order outbox. <see cref="State"/> 1 queued,
/// 2 accepted (<see cref="Receipt"/> is the hub's signed LifecycleReceipt), 3 refused (the hub's reason and detail).
/// </summary>
internal sealed record IssuedOrder(
    byte[] OrderId, long OutboxLocalId, byte[] MessageId, string Action, byte[] OrderStatement, int State,
    byte[]? Receipt, string? RefusalReason, string? RefusalDetail, long CreatedAtMs, long StateAtMs)
{
    public const int Queued = 1;
    public const int Accepted = 2;
    public const int Refused = 3;
}
