using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// Numbered, forward-only migrations. <c>schema_version</c> holds one row per applied migration; each runs
/// once, inside the same <c>BEGIN IMMEDIATE</c> transaction as its version row.
/// </summary>
internal static class SchemaMigrations
{
    private static readonly string[] Scripts = [Migration0001.Sql, Migration0002.Sql, Migration0003.Sql, Migration0004.Sql, Migration0005.Sql, Migration0006.Sql, Migration0007.Sql, Migration0008.Sql, Migration0009.Sql, Migration0010.Sql, Migration0011.Sql, Migration0012.Sql, Migration0013.Sql, Migration0014.Sql, Migration0015.Sql, Migration0016.Sql, Migration0017.Sql, Migration0018.Sql, Migration0019.Sql, Migration0020.Sql, Migration0021.Sql, Migration0022.Sql, Migration0023.Sql];

    /// <summary>The migration that rebuilds tables, inbox and outbox among them (<see cref="Migration0017"/>).</summary>
    private const int Rebuilt = 17;

    public static int LatestVersion => Scripts.Length;

    /// <summary>Brings the database up to <see cref="LatestVersion"/>; returns the version it is at.</summary>
    public static int Apply(SqliteConnection connection, TimeProvider timeProvider) => Apply(connection, timeProvider, LatestVersion);

    /// <summary>
    /// Brings the database up to <paramref name="target"/> (tests build the file an older node left behind).
    /// Returns the version it is at. <paramref name="migrating"/> is told (from, to) once the lock is held and before the
    /// pending migrations of an existing file (not a new one) run. Before that, a pending migration that rebuilds tables is
    /// refused, with nothing changed, when <paramref name="freeSpace"/> (the file's directory → bytes free on its volume; by
    /// default <see cref="VolumeSpace.Available"/>) is short of what it may take (<see cref="RebuildSpace"/>).
    /// </summary>
    public static int Apply(
        SqliteConnection connection, TimeProvider timeProvider, int target, Action<int, int>? migrating = null, Func<string, long?>? freeSpace = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(target, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(target, LatestVersion);
        // A migration may rebuild a table (migration 17: inbox, outbox, tombstones), which SQLite does with foreign keys off
        // and a foreign_key_check before the commit (sqlite.org/lang_altertable.html); the pragma is a no-op inside a
        // transaction, so it is switched here and back on after. Every pending migration then runs without enforcement, so
        // the check before the commit covers the whole file, not only the rebuilt tables.
        connection.Execute("PRAGMA foreign_keys = OFF;");
        try
        {
            var (current, version) = ApplyPending(connection, timeProvider, target, migrating, freeSpace ?? VolumeSpace.Available);
            if (current < Rebuilt && version >= Rebuilt)
            {
                // The rebuild wrote every inbox and outbox row to the WAL (twice: the copy, and the old pages zeroed by
                // secure_delete): put them in the file now and truncate the WAL. The file keeps the old pages as free pages.
                connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
            }

            return version;
        }
        finally
        {
            connection.Execute("PRAGMA foreign_keys = ON;");
        }
    }

    private static (long Current, int Version) ApplyPending(
        SqliteConnection connection, TimeProvider timeProvider, int target, Action<int, int>? migrating, Func<string, long?> freeSpace)
    {
        connection.Execute("BEGIN IMMEDIATE;");
        try
        {
            // Before anything is created or migrated: the other program's file (or another SQLite file) is refused untouched.
            DatabaseIdentity.Claim(connection, DatabaseProgram.Node);
            connection.Execute("""
                CREATE TABLE IF NOT EXISTS schema_version (
                    version INTEGER PRIMARY KEY,
                    applied_at_ms INTEGER NOT NULL
                ) STRICT;
                """);
            var current = (long)connection.Scalar("SELECT COALESCE(MAX(version), 0) FROM schema_version;")!;
            if (current > LatestVersion)
            {
                throw DatabaseIdentity.NewerSchema(connection, DatabaseProgram.Node, current, LatestVersion);
            }

            // Before the announcement: a refusal is not a migration.
            RebuildSpace.Check(connection, (int)current, target, freeSpace);
            if (current > 0 && current < target)
            {
                migrating?.Invoke((int)current, target);
            }

            for (var version = (int)current + 1; version <= target; version++)
            {
                connection.Execute(Scripts[version - 1]);
                connection.Execute(
                    "INSERT INTO schema_version (version, applied_at_ms) VALUES ($version, $at);",
                    ("$version", version),
                    ("$at", timeProvider.GetUtcNow().ToUnixTimeMilliseconds()));
            }

            if (current < target)
            {
                CheckForeignKeys(connection, (int)current, target);
            }

            connection.Execute("COMMIT;");
            return (current, (int)Math.Max(current, target));
        }
        catch
        {
            connection.TryRollback();
            throw;
        }
    }

    /// <summary>
    /// Step 10 of SQLite's procedure for a rebuilt table, for the whole file: every row whose foreign key names a row finds
    /// it. Throws inside the migration transaction, which then leaves nothing changed, as a <see cref="DatabaseFileException"/>
    /// (one line for the operator, not a crash). Foreign keys are on at every write of the node, so such a row was written
    /// past it (the sqlite3 shell, say).
    /// </summary>
    private static void CheckForeignKeys(SqliteConnection connection, int from, int to)
    {
        var orphan = connection.Query(
            "SELECT \"table\", parent FROM pragma_foreign_key_check LIMIT 1;",
            reader => reader.Read() ? (Table: reader.GetString(0), Parent: reader.GetString(1)) : ((string Table, string Parent)?)null);
        if (orphan is { } found)
        {
            throw new DatabaseFileException(
                $"migrating the node database from version {from} to {to} found rows of {found.Table} whose foreign key names no row of " +
                $"{found.Parent} ('PRAGMA foreign_key_check;' in the sqlite3 shell lists them all); nothing was migrated, the file is as it was.");
        }
    }
}
