using Microsoft.Data.Sqlite;

namespace HstFederation.Storage;

/// <summary>
/// SQLite's own words at open ("SQLite Error 26: 'file is not a database'", "database is locked") name neither the file nor
/// what to do; these say both. Used where a program opens and migrates its database.
/// </summary>
public static class DatabaseOpenErrors
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int Full = 13;
    private const int CannotOpen = 14;
    private const int NotADatabase = 26;

    /// <summary>
    /// Opens <paramref name="program"/>'s database at <paramref name="path"/> through <paramref name="openAndMigrate"/> (given the full
    /// path, its directory created): a directory, and SQLite's errors at open, become one <see cref="DatabaseFileException"/> naming the file.
    /// </summary>
    public static T Open<T>(string path, DatabaseProgram program, TimeSpan busyTimeout, Func<string, T> openAndMigrate)
    {
        ArgumentNullException.ThrowIfNull(openAndMigrate);
        var fullPath = Path.GetFullPath(path);
        ThrowIfDirectory(fullPath, program);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        try
        {
            return openAndMigrate(fullPath);
        }
        catch (SqliteException error) when (Explain(error, fullPath, program, busyTimeout) is { } explained)
        {
            // SQLite names neither the file nor the likely cause ("file is not a database", "database is locked").
            throw explained;
        }
    }

    /// <summary>Refuses a directory given as the database file before SQLite reports it as a file it cannot open.</summary>
    public static void ThrowIfDirectory(string fullPath, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (Directory.Exists(fullPath))
        {
            throw new DatabaseFileException(
                $"{fullPath} is a directory: {program.DatabaseSetting} must name the database file itself (e.g. {Path.Combine(fullPath, program.Name + ".db")}).");
        }
    }

    /// <summary>The operator's explanation of <paramref name="error"/> at the open of <paramref name="fullPath"/>, or null when it has none.</summary>
    public static DatabaseFileException? Explain(SqliteException error, string fullPath, DatabaseProgram program, TimeSpan busyTimeout)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(program);
        var reason = error.SqliteErrorCode switch
        {
            NotADatabase =>
                $"is not an SQLite database (SQLite: file is not a database): {program.DatabaseSetting} must name the {program.Name}'s database file; " +
                "if it does, the file is damaged: restore it from a backup",
            Busy or Locked =>
                $"is locked by another process (SQLite: database is locked, waited {busyTimeout.TotalSeconds:0.#} s): a running '{program.Tool} serve' or another " +
                $"{program.Tool} command in the middle of a write holds it; see which with 'fuser -v {fullPath}' and try again once it is done",
            // The migrations run in one transaction, rolled back whole; a new database is built aside and removed (DatabaseCreation).
            Full =>
                "cannot be written: its disk is full (SQLite: database or disk is full); the migrations were rolled back and nothing was changed: " +
                "free space on that disk and run the command again",
            CannotOpen =>
                "cannot be opened (SQLite: unable to open database file): check that it and its directory exist and that this user may read and write both",
            _ => null,
        };
        return reason is null ? null : new DatabaseFileException($"{fullPath} {reason}.", error);
    }
}
