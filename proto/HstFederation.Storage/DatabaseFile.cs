using Microsoft.Data.Sqlite;

namespace HstFederation.Storage;

/// <summary>
/// What every command of a program but its `init` asks of the database path before opening it: a file that is there and
/// is not empty. SQLite takes a missing or 0-byte file for a new database and the program's migrations would create its
/// schema there, so a path mistyped, a volume not mounted or a file truncated by a failed copy would come up as a new,
/// empty hub with no members, or a new, empty node with no outbox, inbox or hub cursor. Creating one is `init`'s.
/// </summary>
public static class DatabaseFile
{
    /// <summary>Throws <see cref="DatabaseFileException"/> (one line: the setting, the file, what to do) unless <paramref name="databasePath"/> is a non-empty file.</summary>
    public static void RequireExisting(string databasePath, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var path = Path.GetFullPath(databasePath);
        DatabaseOpenErrors.ThrowIfDirectory(path, program);
        if (!File.Exists(path))
        {
            throw new DatabaseFileException($"{program.DatabaseSetting}: {path} does not exist; create it with '{program.Tool} init'.");
        }

        if (IsEmpty(path))
        {
            throw new DatabaseFileException(
                $"{program.DatabaseSetting}: {path} is empty (0 bytes): not a {program.Name} database. If the {program.Name}'s database was here, " +
                $"restore it from a backup; a new {program.Name} starts with '{program.Tool} init'. Nothing was changed.");
        }

        if (HoldsNoTables(path, program))
        {
            throw new DatabaseFileException(
                $"{program.DatabaseSetting}: {path} is an SQLite file with no tables: not a {program.Name} database yet. An '{program.Tool} init' of an earlier " +
                $"release cut short by a full disk or a kill leaves such a file: run '{program.Tool} init' to create the {program.Name} in it; " +
                $"if the {program.Name}'s database was here, restore it from a backup. Nothing was changed.");
        }
    }

    /// <summary>
    /// Whether `init` creates the database at <paramref name="path"/> (<see cref="DatabaseCreation"/>) rather than opening it: no file,
    /// an empty one (<see cref="IsEmpty"/>), or one with no tables (<see cref="HoldsNoTables"/>).
    /// </summary>
    public static bool IsNew(string path, DatabaseProgram program) => !File.Exists(path) || IsEmpty(path) || HoldsNoTables(path, program);

    /// <summary>
    /// A 0-byte file with no write-ahead log beside it holds nothing (a WAL with frames could still hold every commit of a
    /// database never checkpointed, so that one is left to SQLite). `init` takes such a file as new.
    /// </summary>
    public static bool IsEmpty(string path)
    {
        var wal = new FileInfo(path + "-wal");
        return new FileInfo(path).Length == 0 && !(wal.Exists && wal.Length > 0);
    }

    /// <summary>
    /// An SQLite file with no table in it and not stamped as another program's (<see cref="DatabaseIdentity"/>): what an init
    /// of an earlier version left when cut short in its migrations (switching to WAL writes the file's first page before
    /// them). Its commits in a write-ahead log count. A file SQLite cannot read is left to the open, which explains it.
    /// </summary>
    public static bool HoldsNoTables(string path, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            var id = Convert.ToInt64(connection.Scalar("PRAGMA application_id;"), System.Globalization.CultureInfo.InvariantCulture);
            return (id == 0 || id == program.ApplicationId)
                && (long)connection.Scalar("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table';")! == 0;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
