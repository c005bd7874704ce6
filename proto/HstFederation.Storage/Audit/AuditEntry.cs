namespace HstFederation.Storage.Audit;

/// <summary>
/// One row of an audit table as stored. Never message content: who (actor), what (action, from the owner's
/// vocabulary: the hub's or the node's *AuditActions), when (at_ms), which message (id) and a short detail.
/// <see cref="Hash"/> is <see cref="AuditChain.Compute(AuditEntry, long)"/> over the other fields,
/// <see cref="PrevHash"/> the previous entry's hash. <see cref="Certificate"/>: the serial of the TLS client certificate
/// the actor's call came through, when the owner records one: a member's at the hub, an agency's at the node (null in entries
/// written before it did, and in the entries of operators and of the owner itself).
/// </summary>
public sealed record AuditEntry(
    long Seq,
    long AtMs,
    string Actor,
    string Action,
    byte[]? MessageId,
    string Detail,
    byte[] PrevHash,
    byte[] Hash,
    string? Certificate = null);
