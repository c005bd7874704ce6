namespace HstFederation.Node.Ledger;

/// <summary>
/// The hub's report that a message this node sent expired before some recipients acknowledged it (docs/lifecycle.md §5):
/// the expiry order and date, and each such recipient.
/// </summary>
internal sealed record ExpiredUndelivered(byte[] MessageId, byte[] ExpiryOrderId, long RetainUntilMs, long ExpiredAtMs, IReadOnlyList<UndeliveredRecipient> Recipients);

/// <summary>
/// A recipient that never acknowledged: a forwarded copy or an addressee, waiting since <paramref name="QueuedAtMs"/>;
/// <paramref name="FirstStreamedAtMs"/> null when its stream never carried the envelope (it never received it), else when
/// it first did (it may hold a copy it never acknowledged, which the hub's expiry order tells it to purge).
/// </summary>
internal sealed record UndeliveredRecipient(string Recipient, bool ForwardedCopy, long QueuedAtMs, long? FirstStreamedAtMs);
