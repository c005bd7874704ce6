namespace HstFederation.Node.Storage;

/// <summary>One outbox message as stored, with its state, its kept envelope (and blind tokens), and the delivery receipts received so far.</summary>
internal sealed record OutboxEntry(
    long LocalId,
    byte[] MessageId,
    long Sequence,
    string Actor,
    byte[] Plaintext,
    byte[]? Envelope,
    IReadOnlyList<string> Addressees,
    long CreatedAtMs,
    OutboxState State,
    long StateAtMs,
    byte[]? Receipt,
    long? HubSequence,
    string? RejectReason,
    string? RejectDetail,
    IReadOnlyList<OutboxDelivery> Deliveries)
{
    /// <summary>
    /// The blind tokens kept with <see cref="Envelope"/> (Migration0008): a serialized SubmitRequest holding only
    /// matching_tokens and matching_tokens_other_keys; null when it carries none.
    /// </summary>
    public byte[]? MatchingTokens { get; init; }

    /// <summary>The lifecycle columns (Migration0009): lineage, effective handling and retention, purge.</summary>
    public Ledger.CopyLifecycle Lifecycle { get; init; } = new(1, null, null, null, null, null, null, null);
}
