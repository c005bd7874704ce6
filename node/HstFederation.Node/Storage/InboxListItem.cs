namespace HstFederation.Node.Storage;

/// <summary>An inbox message as a list shows it: no plaintext or envelope (<see cref="NodeStore.FindByMessageIdAsync"/> has them).</summary>
internal sealed record InboxListItem(
    long LocalId,
    string Sender,
    byte[] MessageId,
    long Sequence,
    int Forwards,
    long ReceivedAtMs,
    MessageSummary Summary);
