using HstFederation.Node.Storage;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Audit;

/// <summary>
/// The node's audit log: the shared hash-chained log (HstFederation.Storage.Audit) under the node's label
/// "HST/v1/node-audit-entry", so a hub entry cannot be passed off as a node entry. Actors are an operator,
/// an agency (with the serial of the client certificate its call came through), or the sender's party URI for what came from
/// the hub; actions are <see cref="NodeAuditActions"/>.
/// </summary>
internal static class NodeAudit
{
    /// <summary>The node's chain; its label is part of every stored hash and must never change.</summary>
    public static readonly AuditChain Chain = new("HST/v1/node-audit-entry");

    /// <inheritdoc cref="AuditWriter.Append"/>
    /// <param name="certificate">
    /// The serial of the client certificate an agency's call came through (AgencyCertificateSerial's form; node migration 22);
    /// null for the entries of operators, the node and the hub's traffic.
    /// </param>
    public static long Append(
        SqliteConnection connection, long atMs, string actor, string action, byte[]? messageId, string detail, string? certificate = null) =>
        AuditWriter.Append(Chain, connection, atMs, actor, action, messageId, detail, certificate);

    public static AuditVerification Verify(NodeDatabase database)
    {
        using var connection = database.OpenReadConnection();
        return AuditVerifier.Verify(Chain, connection);
    }

    /// <summary>Verifies the audit log of the database file at <paramref name="path"/> without writing to it; refuses another program's file.</summary>
    public static AuditVerification Verify(string path, RecordedHead? recorded = null) => AuditVerifier.Verify(Chain, path, DatabaseProgram.Node, recorded);
}
