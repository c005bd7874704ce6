using Microsoft.Data.Sqlite;

namespace HstFederation.Storage;

/// <summary>
/// How `init` creates a database: whole, or not at all. Everything init writes into a new file (schema, migrations, its
/// audit entry, a development federation's members) is built in <c>&lt;database&gt;.init</c> beside it and renamed into
/// place once closed and checkpointed. Written in place, a full disk or a kill between the migrations' commit and init's
/// audit entry left a schema without that entry, which the next init took for an existing database, and a migration cut
/// short left a header with no tables, which every other command then filled with a new, empty schema.
/// </summary>
public static class DatabaseCreation
{
    /// <summary>The file init builds a new database in, beside <paramref name="databasePath"/> on the same volume (a rename, not a copy).</summary>
    public static string BuildingPath(string databasePath) => Path.GetFullPath(databasePath) + ".init";

    /// <summary>
    /// Runs <paramref name="build"/> on a new, empty file at <see cref="BuildingPath"/> and, when it returns, moves that file to
    /// <paramref name="databasePath"/>; <paramref name="build"/> must close every connection it opened. When it throws (a full
    /// disk), the file is removed and <paramref name="databasePath"/> is as it was. What an init killed while building left
    /// there is discarded first. <paramref name="replace"/>: <paramref name="databasePath"/> holds a file with nothing in it
    /// (<see cref="DatabaseFile.IsNew"/>) that the new database replaces, keeping its permissions (the operator's); a database
    /// created anew is its owner's alone on Unix (<see cref="DatabasePermissions.OwnerOnly"/>).
    /// </summary>
    public static async Task<T> CreateAsync<T>(string databasePath, DatabaseProgram program, bool replace, Func<string, Task<T>> build)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(build);
        var path = Path.GetFullPath(databasePath);
        DatabaseOpenErrors.ThrowIfDirectory(path, program);
        var building = BuildingPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Held (flock) for the whole build, so a second init of the same file cannot discard this one's work as a leftover.
        // It is closed only after every SQLite connection to the file: closing any descriptor of a file drops the POSIX locks
        // the process holds on it, SQLite's among them. (On Unix, .NET's FileShare is an advisory flock, which SQLite ignores.)
        await using var guard = Hold(building, path, program);
        if (!OperatingSystem.IsWindows())
        {
            // Before anything is written in it, and whatever mode a leftover had: SQLite gives the -wal and -shm files the
            // database's mode, and the rename keeps it. Owner only: a node's database holds messages in clear.
            File.SetUnixFileMode(building, DatabasePermissions.OwnerOnly);
        }

        guard.SetLength(0);
        DeleteSidecars(building);
        try
        {
            var result = await build(building).ConfigureAwait(false);
            Checkpoint(building);
            if (replace && File.Exists(path) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(building, File.GetUnixFileMode(path));
            }

            // The directory flushed too: otherwise a power cut just after can bring back the .init name and no database.
            DurableRename.Move(building, path, overwrite: replace);
            DeleteSidecars(building);
            return result;
        }
        catch
        {
            DeleteSidecars(building);
            File.Delete(building);
            throw;
        }
    }

    private static FileStream Hold(string building, string path, DatabaseProgram program)
    {
        try
        {
            return new FileStream(building, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException error) when (File.Exists(building))
        {
            throw new DatabaseFileException(
                $"{path} is being created by another '{program.Tool} init' (it holds {building}): let that one finish, then run init again.", error);
        }
    }

    /// <summary>
    /// Every commit into the file itself and the write-ahead log emptied: the WAL is named after the building file, so a
    /// commit left in it would not follow the rename. A checkpoint the disk has no room for throws, and nothing is moved.
    /// </summary>
    private static void Checkpoint(string building)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = building, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            var busy = connection.Query("PRAGMA wal_checkpoint(TRUNCATE);", reader => reader.Read() ? reader.GetInt64(0) : 1);
            if (busy != 0)
            {
                throw new IOException($"{building} could not be checkpointed (a connection to it is still open); nothing was moved into place.");
            }
        }

        if (new FileInfo(building + "-wal") is { Exists: true, Length: > 0 })
        {
            throw new IOException($"{building}-wal still holds commits after the checkpoint; nothing was moved into place.");
        }
    }

    private static void DeleteSidecars(string building)
    {
        File.Delete(building + "-wal");
        File.Delete(building + "-shm");
    }
}
