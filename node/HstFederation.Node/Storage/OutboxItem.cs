namespace HstFederation.Node.Storage;

/// <summary>
/// A message this NCB sends, as queued in the outbox before anyone gets its id back.
/// <see cref="MessageId"/> is the envelope's 16-byte UUIDv7, chosen once (MessageIds.NewId) so every retry
/// seals the same message; <see cref="Plaintext"/> is the serialized HstMessage, the NCB's own copy;
/// <see cref="Actor"/> is the operator or agency that created it (audited, never the content);
/// <see cref="Envelope"/> is the sealed envelope when it was sealed before queueing; <see cref="Key"/> the
/// submission's idempotency key, when the caller gave one (kept with the row, scoped to <see cref="Actor"/>).
/// </summary>
internal sealed record OutboxItem(
    byte[] MessageId,
    string Actor,
    byte[] Plaintext,
    IReadOnlyList<string> Addressees,
    byte[]? Envelope = null,
    SubmitKey? Key = null)
{
    /// <summary>When this message is a new version of one this node sent (docs/lifecycle.md §2); null for an original.</summary>
    public UpdateOf? Update { get; init; }

    /// <summary>
    /// The message's retention date (handling.retain_until, ms), stored with the row so `status` and the retention sweep
    /// know it from the start; null: the sweep reads it from the message later.
    /// </summary>
    public long? RetainUntilMs { get; init; }

    /// <summary>The serial of the client certificate the agency's Submit came through, for its audit entry; null for an operator's.</summary>
    public string? Certificate { get; init; }

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(MessageId);
        ArgumentException.ThrowIfNullOrEmpty(Actor);
        ArgumentNullException.ThrowIfNull(Plaintext);
        ArgumentNullException.ThrowIfNull(Addressees);
        if (MessageId.Length != 16)
        {
            throw new ArgumentException("The message id must be 16 bytes (UUIDv7).", nameof(MessageId));
        }

        if (Addressees.Count == 0 || Addressees.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("At least one addressee, none empty.", nameof(Addressees));
        }

        Key?.Validate();
    }
}
