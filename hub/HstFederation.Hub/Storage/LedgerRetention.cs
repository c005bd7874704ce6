namespace HstFederation.Hub.Storage;

/// <summary>
/// A member's message's retention in its ledger (docs/lifecycle.md §5): the effective date and state from the lifecycle
/// row, the reviews the hub asked its source, and the retention orders about it (extensions with their justification,
/// lapses, the hub's expiry), oldest first. Null fields: the message has no lifecycle row yet.
/// </summary>
internal sealed record LedgerRetention(
    long? RetainUntilMs, MessageState? State, IReadOnlyList<LedgerReview> Reviews, IReadOnlyList<LedgerRetentionOrder> Orders);

/// <summary>One review: the date asked about, when, whether the source could be sent it, and its answer if any.</summary>
internal sealed record LedgerReview(long RetainUntilMs, long RequestedAtMs, bool Delivered, RetentionDecision? Decision, long? DecidedAtMs);

/// <summary>
/// One accepted extension, lapse or expiry: who issued it and when the hub accepted it; <paramref name="RetainUntilMs"/>
/// the new date (extension) or the date reached (expiry); <paramref name="Text"/> the extension's justification or the
/// lapse's note (the source's words about the decision, never case content).
/// </summary>
internal sealed record LedgerRetentionOrder(byte[] OrderId, string Action, string Issuer, long AcceptedAtMs, long? RetainUntilMs, string Text);
