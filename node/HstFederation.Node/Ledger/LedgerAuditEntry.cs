namespace HstFederation.Node.Ledger;

/// <summary>One row of the node's audit log about a message, as stored (the hash chain is `verify-audit`'s business).</summary>
internal sealed record LedgerAuditEntry(long Seq, long AtMs, string Actor, string Action, string Detail);
