namespace HstFederation.Node.Storage;

/// <summary>
/// One version of a case this node sent, as its outbox keeps it for the source's lifecycle commands: its state, the kept
/// envelope (whose signed header orders are bound to), its lineage and its effective handling and retention (NULL:
/// the message's own). <see cref="Recalled"/>: a recall of it was issued and not refused.
/// </summary>
internal sealed record SentVersion(
    long LocalId, byte[] MessageId, OutboxState State, byte[]? Envelope, byte[] Plaintext, int Version, byte[]? SupersedesMessageId,
    byte[]? SupersededBy, byte[]? EffectiveHandling, long? RetainUntilMs, long? PurgedAtMs, bool Recalled)
{
    public bool IsPurged => PurgedAtMs is not null;
}
