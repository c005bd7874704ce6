namespace HstFederation.Hub.Storage;

/// <summary>
/// Migration 14: the audit entry of a member's call names the TLS client certificate it came through (its serial, upper-case
/// hex), so that with two certificates of one member in use (a renewal's overlap, two nodes holding one NCB's credentials)
/// the audit tells which sent what, and after a revocation what the revoked certificate did. NULL for every entry written
/// before, and for the entries of the hub and the operators: such an entry hashes as it always did (AuditChain appends the
/// field only when there is one), so existing chains verify unchanged. ALTER TABLE adds the column without rewriting a row
/// (the append-only triggers are on UPDATE and DELETE, which this is not).
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0014
{
    public const string Sql = """
        ALTER TABLE audit ADD COLUMN certificate TEXT;
        """;
}
