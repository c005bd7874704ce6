namespace HstFederation.Node.Storage;

/// <summary>An inbox message as a list shows it: no plaintext or envelope (<see cref="NodeStore.FindByMessageIdAsync"/> has them).</summary>
internal sealed record InboxListItem(
    long LocalId,
    string Sender,
    byte[] MessageId,
    long Sequence,
    int Forwards,
    long ReceivedAtMs,
    MessageSummary Summary)
{
    /// <summary>Its version in its case (1: an original) and the newer version that superseded it, if this node holds one.</summary>
    public int Version { get; init; } = 1;

    public byte[]? SupersededBy { get; init; }
}
