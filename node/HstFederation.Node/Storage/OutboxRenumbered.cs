namespace HstFederation.Node.Storage;

/// <summary>
/// What <see cref="OutboxRenumbering.Renumber"/> did: the refused message's new number, how many queued messages were
/// numbered again (it included), and the hub's highest number they now go above.
/// </summary>
internal sealed record OutboxRenumbered(long Sequence, int Count, long HubHighest);
