namespace HstFederation.Hub.Storage;

/// <summary>
/// One audit entry about a message, as stored (the detail never holds content; docs/hub.md#audit-log). <paramref name="Certificate"/>:
/// the serial of the TLS client certificate a member's call came through, null for the hub's and operators' entries and
/// those written before the hub recorded it.
/// </summary>
internal sealed record LedgerAuditEntry(long Seq, long AtMs, string Actor, string Action, string Detail, string? Certificate = null);
