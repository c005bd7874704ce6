namespace HstFederation.Hub.Intelligence;

/// <summary>
/// What the worker made of one accepted message, before it is committed: its serialized entities (hub-readable HST
/// messages), why it could not be indexed (<see cref="Skipped"/>, audited), its hits, and how many hits beyond
/// IntelligenceOptions.MaxHitsPerMessage were left out.
/// </summary>
internal sealed record ProcessedMessage(long HubSequence, byte[] MessageId, byte[]? Entities, string? Skipped, IReadOnlyList<FoundHit> Hits, int HitsLeftOut)
{
    public static ProcessedMessage Nothing(long hubSequence, byte[] messageId) => new(hubSequence, messageId, null, null, [], 0);

    public static ProcessedMessage NotIndexed(long hubSequence, byte[] messageId, string reason) => new(hubSequence, messageId, null, reason, [], 0);

    /// <summary>Nothing to store, audit or notify: processing it again (after a restart) has the same empty effect.</summary>
    public bool LeavesNothing => Entities is null && Skipped is null && Hits.Count == 0 && HitsLeftOut == 0;
}
