using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Storage;

/// <summary>
/// A member's message's lifecycle in its ledger (docs/lifecycle.md §6): its place in the version chain, the effective
/// handling when a restriction changed it, its state and purge time, every lifecycle order about it with each holder's
/// answer, and the envelope deliveries a recall or expiry withdrew. <paramref name="EffectiveHandling"/> is null unless
/// it differs from the signed header's.
/// </summary>
internal sealed record LedgerLifecycle(
    int Version,
    string? LineageReason,
    LedgerVersion? Supersedes,
    LedgerVersion? SupersededBy,
    Handling? EffectiveHandling,
    MessageState State,
    long? PurgedAtMs,
    IReadOnlyList<LedgerOrder> Orders,
    IReadOnlyList<LedgerWithdrawal> Withdrawn)
{
    /// <summary>Active and not superseded: the version the hub matches (as <see cref="LifecycleState.IsCurrent"/>).</summary>
    public bool IsCurrent => State == MessageState.Active && SupersededBy is null;
}

/// <summary>Another version of the same message: the hub sequence and id it was stored under, and its version number.</summary>
internal sealed record LedgerVersion(long HubSequence, byte[] MessageId, int Version);

/// <summary>
/// One accepted lifecycle order: who issued it and when the hub accepted it, its terms as the signed order states them
/// (<see cref="LedgerOrderTerms"/>), and each holder it was queued for, in holder order.
/// </summary>
internal sealed record LedgerOrder(byte[] OrderId, string Action, string Issuer, long AcceptedAtMs, LedgerOrderTerms Terms, IReadOnlyList<LedgerOrderHolder> Holders);

/// <summary>
/// What an order says, never case content: a recall's reason and note, a restriction's stricter code, excluded
/// members and note, an extension's new date and justification, a lapse's note, an expiry's date reached.
/// </summary>
internal sealed record LedgerOrderTerms(string? Reason, string? Note, HandlingCode? Code, IReadOnlyList<string> Excluded, long? RetainUntilMs, string? Justification);

/// <summary>
/// One holder's kind-3 delivery of an order: the outcome the hub expects, when a page of its stream carried it (null:
/// still queued), and its signed confirmation's outcome and time once it answered.
/// </summary>
internal sealed record LedgerOrderHolder(
    string Holder, bool ForwardedCopy, LifecycleOutcome Expected, long Cursor, long? DeliveredAtMs, LifecycleOutcome? Outcome, long? ConfirmedAtMs);

/// <summary>An envelope delivery never streamed again because the message was recalled or expired (acknowledged before or not), or a restriction no longer let its recipient keep it (not acknowledged).</summary>
internal sealed record LedgerWithdrawal(string Recipient, long Cursor, long WithdrawnAtMs, long? AcknowledgedAtMs);
