namespace HstFederation.Node.Ledger;

/// <summary>A retention review of this node's message, undecided, its date still ahead.</summary>
internal sealed record PendingReview(byte[] MessageId, long RetainUntilMs, long RequestedAtMs);
