using Microsoft.Data.Sqlite;

namespace HstFederation.Storage.Audit;

/// <summary>
/// Appends one entry to the <c>audit</c> table inside the caller's open write transaction, so the entry
/// commits or rolls back with the action it records. The sequence continues from <c>sqlite_sequence</c>
/// (the highest ever used), so a deleted tail leaves a visible gap rather than being silently refilled.
/// Several entries in a row: <see cref="AuditAppender"/>.
/// </summary>
public static class AuditWriter
{
    public static long Append(
        AuditChain chain, SqliteConnection connection, long atMs, string actor, string action, byte[]? messageId, string detail,
        string? certificate = null) =>
        new AuditAppender(chain, connection).Append(atMs, actor, action, messageId, detail, certificate);
}
