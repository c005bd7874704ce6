using System.Globalization;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Storage;

/// <summary>
/// `backup` of the hub and the node: a consistent copy of the database while serve runs, without the sqlite3 tool (an NCB's
/// machine need not have it) and never by copying the file (the WAL holds recent commits). SQLite's online backup reads one
/// snapshot; the copy is checked (<c>quick_check</c>, then its audit chain, whose head the operator records elsewhere), made
/// a single self-contained file (rollback journal: no -wal beside it to lose in a copy), flushed to disk and only then
/// renamed to its name. A backup never overwrites a file, and a failed one leaves nothing under the destination's name.
/// </summary>
public static class DatabaseBackup
{
    /// <summary>The copy's name until it is complete and checked.</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>
    /// Copies <paramref name="program"/>'s database at <paramref name="source"/> to <paramref name="destination"/>: a new file, or
    /// an existing directory to name one in (<c>hub-20261201-101500Z.db</c>, from <paramref name="time"/>). Throws
    /// <see cref="DatabaseFileException"/> (one line, the file and what to do) for a source or destination it cannot use. The
    /// result's audit verdict may be broken: the copy is then kept (it is exactly what the source holds) and the caller says so.
    /// </summary>
    public static DatabaseBackupResult Write(string source, string destination, DatabaseProgram program, AuditChain chain, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(time);
        DatabaseFile.RequireExisting(source, program);
        var sourcePath = Path.GetFullPath(source);
        // The database itself, as any existing file, is refused by name: a backup never overwrites.
        var target = Target(destination, program, time);
        var partial = target + PartialSuffix;
        try
        {
            Copy(sourcePath, partial, program);
            var audit = Check(partial, chain);
            Flush(partial);
            // No overwrite: a file that appeared under the name meanwhile is kept (and this copy removed). The name is on the
            // disk too before the backup is reported written: a power cut could otherwise take it back.
            DurableRename.Move(partial, target, overwrite: false);
            return new DatabaseBackupResult(target, new FileInfo(target).Length, audit);
        }
        catch (Exception error) when (error is SqliteException or IOException or UnauthorizedAccessException)
        {
            // Renamed but its name not durable: not a backup to rely on, so not left under that name either.
            Delete(error is DirectoryFlushException ? target : partial);
            throw new DatabaseFileException($"cannot write {target}: {Reason(error)}. Nothing was written under that name.", error);
        }
        catch
        {
            Delete(partial);
            throw;
        }
    }

    /// <summary>The file to create: <paramref name="destination"/> itself, or a dated name inside it when it is a directory.</summary>
    private static string Target(string destination, DatabaseProgram program, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(destination))
        {
            throw new DatabaseFileException("name the copy: a new file, or a directory to write it in.");
        }

        var path = Path.GetFullPath(destination);
        if (Directory.Exists(path))
        {
            var stamp = time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            path = Path.Combine(path, $"{program.Name}-{stamp}Z.db");
        }

        if (File.Exists(path))
        {
            throw new DatabaseFileException($"{path} exists; a backup never overwrites a file. Name a new file, or a directory to write it in.");
        }

        if (!Directory.Exists(Path.GetDirectoryName(path)))
        {
            throw new DatabaseFileException($"{Path.GetDirectoryName(path)} does not exist; create it (or mount its volume) first.");
        }

        return path;
    }

    private static void Copy(string sourcePath, string partial, DatabaseProgram program)
    {
        // Left by a backup killed mid-copy: ours by its name, and never a finished backup.
        File.Delete(partial);
        // Created first with the database's own permissions: the copy holds what the database holds.
        using (File.Create(partial))
        {
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(partial, File.GetUnixFileMode(sourcePath));
        }

        using var from = OpenSource(sourcePath, program);
        using var to = Open(partial);
        from.BackupDatabase(to);
        // The copy carries the source's WAL mode in its header; as a single file it is whole on its own.
        to.Execute("PRAGMA journal_mode = DELETE;");
    }

    /// <summary>The database, read-only, checked to be <paramref name="program"/>'s; SQLite's errors at open said with the file named.</summary>
    private static SqliteConnection OpenSource(string sourcePath, DatabaseProgram program)
    {
        SqliteConnection? connection = null;
        try
        {
            connection = Open(sourcePath);
            connection.Execute("PRAGMA query_only = ON;");
            DatabaseIdentity.Check(connection, program);
            return connection;
        }
        catch (SqliteException error) when (DatabaseOpenErrors.Explain(error, sourcePath, program, TimeSpan.Zero) is { } explained)
        {
            connection?.Dispose();
            throw explained;
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    private static AuditVerification Check(string partial, AuditChain chain)
    {
        using var copy = Open(partial);
        copy.Execute("PRAGMA query_only = ON;");
        if (copy.Scalar("PRAGMA quick_check;") is not "ok" and var problem)
        {
            throw new DatabaseFileException($"the copy fails SQLite's check ({problem}); the source may be damaged: run the check on it with 'sqlite3 <database> \"PRAGMA integrity_check\"'.");
        }

        return AuditVerifier.Verify(chain, copy);
    }

    /// <summary>The copy's bytes on the disk before it takes its name, so that a backup that says it is written survives a power cut.</summary>
    private static void Flush(string partial)
    {
        using var stream = new FileStream(partial, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        stream.Flush(flushToDisk: true);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static string Reason(Exception error) => error switch
    {
        SqliteException { SqliteErrorCode: 13 } => "the disk is full (SQLite: database or disk is full)",
        SqliteException sqlite => $"SQLite: {sqlite.Message}",
        _ => error.Message.TrimEnd('.'),
    };

    /// <summary>The unfinished copy: the .partial file, or the backup itself when its name could not be made durable.</summary>
    private static void Delete(string copy)
    {
        try
        {
            File.Delete(copy);
            File.Delete(copy + "-journal");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The failure being reported matters more; a leftover .partial is never taken for a backup.
        }
    }
}
