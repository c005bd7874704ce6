namespace HstFederation.Node.Storage;

/// <summary>
/// An outbox message as a list shows it: no plaintext, envelope or receipts (<see cref="NodeStore.FindByMessageIdAsync"/>
/// has them). <see cref="DeliveredTo"/> names the recipients whose signed delivery receipt is kept.
/// </summary>
internal sealed record OutboxListItem(
    long LocalId,
    byte[] MessageId,
    long Sequence,
    string Actor,
    IReadOnlyList<string> Addressees,
    IReadOnlyList<string> DeliveredTo,
    long CreatedAtMs,
    OutboxState State,
    long StateAtMs,
    string? RejectReason,
    MessageSummary Summary)
{
    /// <summary>Its version in its case (1: an original) and the newer version that superseded it, if this node holds one.</summary>
    public int Version { get; init; } = 1;

    public byte[]? SupersededBy { get; init; }
}
