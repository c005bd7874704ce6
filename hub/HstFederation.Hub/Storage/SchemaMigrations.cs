using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// Numbered, forward-only migrations. <c>schema_version</c> holds one row per applied migration; each runs
/// once, inside the same <c>BEGIN IMMEDIATE</c> transaction as its version row.
/// </summary>
internal static class SchemaMigrations
{
    private static readonly string[] Scripts = [Migration0001.Sql, Migration0002.Sql, Migration0003.Sql, Migration0004.Sql, Migration0005.Sql, Migration0006.Sql, Migration0007.Sql, Migration0008.Sql, Migration0009.Sql, Migration0010.Sql, Migration0011.Sql, Migration0012.Sql, Migration0013.Sql, Migration0014.Sql];

    /// <summary>
    /// A migration whose rows SQL cannot fill (they come from a stored protobuf), by version: run after its script, in the
    /// same transaction.
    /// </summary>
    private static readonly Dictionary<int, Action<SqliteConnection>> Backfills = new() { [9] = Migration0009.Backfill };

    public static int LatestVersion => Scripts.Length;

    /// <summary>Brings the database up to <see cref="LatestVersion"/>; returns the version it is at.</summary>
    public static int Apply(SqliteConnection connection, TimeProvider timeProvider)
    {
        // A migration may rebuild a table (migration 5: deliveries), which SQLite does with foreign keys off and a
        // foreign_key_check before the commit (sqlite.org/lang_altertable.html); the pragma is a no-op inside a
        // transaction, so it is switched here and back on after.
        connection.Execute("PRAGMA foreign_keys = OFF;");
        try
        {
            return ApplyPending(connection, timeProvider);
        }
        finally
        {
            connection.Execute("PRAGMA foreign_keys = ON;");
        }
    }

    private static int ApplyPending(SqliteConnection connection, TimeProvider timeProvider)
    {
        connection.Execute("BEGIN IMMEDIATE;");
        try
        {
            // Before anything is created or migrated: the other program's file (or another SQLite file) is refused untouched.
            DatabaseIdentity.Claim(connection, DatabaseProgram.Hub);
            connection.Execute("""
                CREATE TABLE IF NOT EXISTS schema_version (
                    version INTEGER PRIMARY KEY,
                    applied_at_ms INTEGER NOT NULL
                ) STRICT;
                """);
            var current = (long)connection.Scalar("SELECT COALESCE(MAX(version), 0) FROM schema_version;")!;
            if (current > LatestVersion)
            {
                throw DatabaseIdentity.NewerSchema(connection, DatabaseProgram.Hub, current, LatestVersion);
            }

            for (var version = (int)current + 1; version <= LatestVersion; version++)
            {
                connection.Execute(Scripts[version - 1]);
                if (Backfills.TryGetValue(version, out var backfill))
                {
                    backfill(connection);
                }

                connection.Execute(
                    "INSERT INTO schema_version (version, applied_at_ms) VALUES ($version, $at);",
                    ("$version", version),
                    ("$at", timeProvider.GetUtcNow().ToUnixTimeMilliseconds()));
            }

            // Only the table rebuilt with foreign keys off, and only when a migration ran: rows elsewhere are not this
            // migration's to judge.
            if (current < 5 && connection.Scalar("PRAGMA foreign_key_check(deliveries);") is not null)
            {
                throw new InvalidOperationException("Migration 5 left deliveries whose foreign keys name no row; nothing was migrated.");
            }

            connection.Execute("COMMIT;");
            return LatestVersion;
        }
        catch
        {
            connection.TryRollback();
            throw;
        }
    }
}
