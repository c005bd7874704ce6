namespace HstFederation.Hub.Audit;

/// <summary>
/// One row of the audit table as stored. Never message content: who (actor: a party URI or "operator"),
/// what (action, <see cref="AuditActions"/>), when (at_ms), which message (id) and a short detail.
/// <see cref="Hash"/> is <see cref="AuditHash"/> over the other fields, <see cref="PrevHash"/> the previous
/// entry's hash.
/// </summary>
internal sealed record AuditEntry(
    long Seq,
    long AtMs,
    string Actor,
    string Action,
    byte[]? MessageId,
    string Detail,
    byte[] PrevHash,
    byte[] Hash);
