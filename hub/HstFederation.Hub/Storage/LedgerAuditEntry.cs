namespace HstFederation.Hub.Storage;

/// <summary>One audit entry about a message, as stored (the detail never holds content; docs/hub.md#audit-log).</summary>
internal sealed record LedgerAuditEntry(long Seq, long AtMs, string Actor, string Action, string Detail);
