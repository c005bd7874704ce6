using Microsoft.Data.Sqlite;

namespace HstFederation.Storage;

/// <summary>
/// Tells the hub's and the node's database files apart before anything is migrated or verified: both have
/// <c>schema_version</c>, <c>audit</c> and tables of the same names, so migrating the other program's file would fail
/// half-way on a table it already has, and verifying its audit chain under the wrong label would report tampering.
/// </summary>
public static class DatabaseIdentity
{
    /// <summary>
    /// Inside the caller's write transaction, before any migration: a file of <paramref name="program"/> passes, one from
    /// before the stamp (application_id 0, its marker table) and a new empty one are stamped; anything else throws
    /// <see cref="DatabaseFileException"/> and is left as it was (the caller rolls back).
    /// </summary>
    public static void Claim(SqliteConnection connection, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(program);
        var ownership = Recognise(connection, program);
        switch (ownership)
        {
            case Ownership.Stamped:
                return;
            case Ownership.Unstamped:
            case Ownership.Empty:
                // A pragma takes no parameter; the value is this program's own constant.
                connection.Execute($"PRAGMA application_id = {program.ApplicationId};");
                return;
            default:
                throw NotOurs(connection, program, ownership);
        }
    }

    /// <summary>
    /// At open, before anything writes (even <c>PRAGMA journal_mode = WAL</c>, which persists in the file): a read that throws unless
    /// the file is <paramref name="program"/>'s, from before the stamp, or new and empty; <see cref="Claim"/> stamps it later, inside
    /// the migration transaction.
    /// </summary>
    public static void Admit(SqliteConnection connection, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(program);
        if (Recognise(connection, program) is (Ownership.OtherProgram or Ownership.Foreign) and var ownership)
        {
            throw NotOurs(connection, program, ownership);
        }
    }

    /// <summary>
    /// <see cref="Admit"/>, then WAL for the writer's connection: <c>journal_mode = WAL</c> is written into the file and stays, so
    /// another program's file is refused before it, by a read.
    /// </summary>
    public static void AdmitAndUseWal(SqliteConnection connection, DatabaseProgram program)
    {
        Admit(connection, program);
        var mode = connection.Scalar("PRAGMA journal_mode = WAL;") as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The {program.Name} database must use WAL; SQLite kept journal_mode '{mode}'.");
        }
    }

    /// <summary>For a read that must not change the file (verify-audit on a backup): throws unless it is <paramref name="program"/>'s database.</summary>
    public static void Check(SqliteConnection connection, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(program);
        if (Recognise(connection, program) is not (Ownership.Stamped or Ownership.Unstamped) and var ownership)
        {
            throw NotOurs(connection, program, ownership);
        }
    }

    /// <summary>The one line for a database at a schema version newer than this program's latest (the program was rolled back).</summary>
    public static DatabaseFileException NewerSchema(SqliteConnection connection, DatabaseProgram program, long version, int latest)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(program);
        return new DatabaseFileException(
            $"{connection.DataSource} is at schema version {version}; this {program.Name} knows versions up to {latest}: " +
            $"run the {program.Tool} release that wrote it (or a later one), or restore a backup taken before that upgrade. Nothing was changed.");
    }

    private static Ownership Recognise(SqliteConnection connection, DatabaseProgram program)
    {
        var id = ApplicationId(connection);
        if (id == program.ApplicationId)
        {
            return Ownership.Stamped;
        }

        if (id == program.Other.ApplicationId)
        {
            return Ownership.OtherProgram;
        }

        if (id != 0)
        {
            return Ownership.Foreign;
        }

        if ((long)connection.Scalar("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table';")! == 0)
        {
            return Ownership.Empty;
        }

        // From before the stamp: known by its own marker table, and not also the other program's.
        return (HasTable(connection, program.MarkerTable), HasTable(connection, program.Other.MarkerTable)) switch
        {
            (true, false) => Ownership.Unstamped,
            (false, true) => Ownership.OtherProgram,
            _ => Ownership.Foreign,
        };
    }

    private static DatabaseFileException NotOurs(SqliteConnection connection, DatabaseProgram program, Ownership ownership)
    {
        var what = ownership switch
        {
            // Only a read refuses an empty file (verify-audit); an open stamps and migrates it.
            Ownership.Empty => $"is empty (no tables): not a {program.Name} database yet, so it has no audit log to verify",
            Ownership.OtherProgram => $"is the {program.Other.Name}'s database, not the {program.Name}'s",
            _ when ApplicationId(connection) is not 0 and var id =>
                $"is not a {program.Name} database (application_id 0x{id:X8}; the {program.Name}'s is 0x{program.ApplicationId:X8})",
            _ => $"is not a {program.Name} database (it has tables, none of them the {program.Name}'s)",
        };
        return new DatabaseFileException(
            $"{connection.DataSource} {what}: {program.DatabaseSetting} must name the {program.Name}'s own database file. Nothing was changed.");
    }

    private static long ApplicationId(SqliteConnection connection) =>
        Convert.ToInt64(connection.Scalar("PRAGMA application_id;"), System.Globalization.CultureInfo.InvariantCulture);

    private static bool HasTable(SqliteConnection connection, string table) =>
        connection.Scalar("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = $name;", ("$name", table)) is not null;

    private enum Ownership
    {
        Stamped,
        Unstamped,
        Empty,
        OtherProgram,
        Foreign,
    }
}
