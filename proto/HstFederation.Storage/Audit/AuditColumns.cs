using Microsoft.Data.Sqlite;

namespace HstFederation.Storage.Audit;

/// <summary>
/// The audit table's optional columns, as SQL to select. The hub added <c>certificate</c> (hub migration 14), the node too (node
/// migration 22); a database from before that migration opened as it is (<c>verify-audit</c> of an older backup) has none.
/// </summary>
public static class AuditColumns
{
    /// <summary><c>certificate</c> where the table has it, else <c>NULL</c> (every entry then hashes without it).</summary>
    public static string Certificate(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Scalar("SELECT 1 FROM pragma_table_info('audit') WHERE name = 'certificate';") is null ? "NULL" : "certificate";
    }
}
