namespace HstFederation.Node.Audit;

/// <summary>
/// One row of the audit table as stored. Never message content: who (actor: an operator, an agency, or
/// the sender's party URI for what came from the hub), what (action, <see cref="NodeAuditActions"/>), when (at_ms), which message (id) and a short detail.
/// <see cref="Hash"/> is <see cref="NodeAuditHash"/> over the other fields, <see cref="PrevHash"/> the previous
/// entry's hash.
/// </summary>
internal sealed record NodeAuditEntry(
    long Seq,
    long AtMs,
    string Actor,
    string Action,
    byte[]? MessageId,
    string Detail,
    byte[] PrevHash,
    byte[] Hash);
