namespace HstFederation.Node.Ledger;

/// <summary>A retention review the hub sent about a message this node sent, and this node's decision (null: none yet).</summary>
internal sealed record LedgerReview(long RetainUntilMs, long RequestedAtMs, long Holders, string? Decision, long? DecidedAtMs);
