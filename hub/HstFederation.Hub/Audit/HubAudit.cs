using HstFederation.Hub.Storage;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Audit;

/// <summary>
/// The hub's audit log: the shared hash-chained log (HstFederation.Storage.Audit) under the hub's label
/// "HST/v1/audit-entry". Actors are party URIs or "operator"; actions are <see cref="AuditActions"/>.
/// </summary>
internal static class HubAudit
{
    /// <summary>The hub's chain; its label is part of every stored hash and must never change.</summary>
    public static readonly AuditChain Chain = new("HST/v1/audit-entry");

    /// <inheritdoc cref="AuditWriter.Append"/>
    /// <param name="certificate">The serial of the TLS client certificate a member's call came through (null for the hub's and operators' entries).</param>
    public static long Append(
        SqliteConnection connection, long atMs, string actor, string action, byte[]? messageId, string detail, string? certificate = null) =>
        AuditWriter.Append(Chain, connection, atMs, actor, action, messageId, detail, certificate);

    /// <inheritdoc cref="AuditAppender"/>
    public static AuditAppender Appender(SqliteConnection connection) => new(Chain, connection);

    public static AuditVerification Verify(HubDatabase database)
    {
        using var connection = database.OpenReadConnection();
        return AuditVerifier.Verify(Chain, connection);
    }

    /// <summary>Verifies the audit log of the database file at <paramref name="path"/> without writing to it; refuses another program's file.</summary>
    public static AuditVerification Verify(string path, RecordedHead? recorded = null) => AuditVerifier.Verify(Chain, path, DatabaseProgram.Hub, recorded);
}
