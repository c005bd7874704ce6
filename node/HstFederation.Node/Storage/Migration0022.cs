namespace HstFederation.Node.Storage;

/// <summary>
/// Migration 22: the audit entry of an agency's call names the client certificate it came through (its serial in
/// AgencyCertificateSerial's form, as <c>hst-node agencies block-certificate</c> takes it), so that when one of an agency's
/// certificates leaks the NCB can tell which reads and submissions were made through it. NULL for every entry written
/// before, and for the entries of operators, the node and the hub's traffic: such an entry hashes as it always did
/// (AuditChain appends the field only when there is one), so existing chains verify unchanged. ALTER TABLE adds the column
/// without rewriting a row (the append-only triggers are on UPDATE and DELETE, which this is not).
/// Never edit a released migration; add the next one.
/// </summary>
internal static class Migration0022
{
    public const string Sql = """
        ALTER TABLE audit ADD COLUMN certificate TEXT;
        """;
}
