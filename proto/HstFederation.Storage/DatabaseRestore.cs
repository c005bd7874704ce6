using System.Globalization;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Storage;

/// <summary>
/// `restore` of the hub and the node: a backup put in place of the database, the caller holding the serve lock. The backup
/// file itself is never changed: it is copied beside the database as <c>&lt;database&gt;.restoring</c>, and the copy is checked
/// (SQLite's quick_check, the program's own file, its audit chain intact), then handed to the program's own step (migrated,
/// numbered on, audited: one transaction of its own), and flushed to disk. Only then is the database (with its -wal and
/// -shm) moved aside under a dated name, never deleted, and the copy given its name. Any failure before that last step
/// leaves the database as it was and no copy behind.
/// </summary>
public static class DatabaseRestore
{
    public const string StagingSuffix = ".restoring";

    private static readonly string[] Companions = [string.Empty, "-wal", "-shm"];

    /// <summary>
    /// Restores <paramref name="backupPath"/> over <paramref name="databasePath"/>. <paramref name="prepare"/> runs on the
    /// checked copy (a read-write connection) with the backup's audit verdict and the name the replaced database will be kept
    /// under, before anything is moved; what it returns comes back in the result. Throws <see cref="DatabaseFileException"/>
    /// (one line: the file, the reason, "Nothing was changed.") for anything that stops the restore.
    /// </summary>
    public static DatabaseRestoreResult<T> Run<T>(
        string databasePath, string backupPath, DatabaseProgram program, AuditChain chain, TimeProvider time,
        Func<SqliteConnection, AuditVerification, string, T> prepare)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(prepare);
        var database = Path.GetFullPath(databasePath);
        var backup = RequireBackup(backupPath, database, program);
        var aside = AsideName(database, time);
        var staging = database + StagingSuffix;
        try
        {
            Stage(backup, staging, database);
            AuditVerification audit;
            T prepared;
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = staging, Mode = SqliteOpenMode.ReadWrite, Pooling = false,
            }.ToString()))
            {
                connection.Open();
                audit = Check(connection, backup, program, chain);
                prepared = prepare(connection, audit, aside);
            }

            Flush(staging);
            var moved = PutInPlace(staging, database, aside);
            return new DatabaseRestoreResult<T>(database, backup, audit, moved, prepared);
        }
        catch (Exception error) when (error is SqliteException or IOException or UnauthorizedAccessException)
        {
            Delete(staging);
            throw new DatabaseFileException($"cannot restore {database} from {backup}: {Reason(error)}. Nothing was changed.", error);
        }
        catch
        {
            Delete(staging);
            throw;
        }
    }

    /// <summary>
    /// The database's directory, checked before the serve lock is taken beside the database (the lock file lives there): a
    /// volume not mounted is said as such, not as a lock that cannot be written.
    /// </summary>
    public static void RequireDirectory(string databasePath, DatabaseProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!Directory.Exists(directory))
        {
            throw new DatabaseFileException($"{program.DatabaseSetting}: {directory} does not exist; create it (or mount its volume) first. Nothing was changed.");
        }
    }

    private static string RequireBackup(string backupPath, string database, DatabaseProgram program)
    {
        if (string.IsNullOrWhiteSpace(backupPath))
        {
            throw new DatabaseFileException("name the backup file to restore.");
        }

        var backup = Path.GetFullPath(backupPath);
        if (!File.Exists(backup))
        {
            throw new DatabaseFileException($"{backup} does not exist (or is not a file): name a backup written by '{program.Tool} backup'. Nothing was changed.");
        }

        if (string.Equals(backup, database, StringComparison.Ordinal))
        {
            throw new DatabaseFileException($"{backup} is {program.DatabaseSetting} itself: name a backup written by '{program.Tool} backup'. Nothing was changed.");
        }

        if (new FileInfo(backup + "-wal") is { Exists: true, Length: > 0 })
        {
            // Its latest commits would be in that file, which a copy of the backup alone would miss.
            throw new DatabaseFileException(
                $"{backup} has a -wal file beside it: it is a live database, not a backup written by '{program.Tool} backup' (one self-contained file). " +
                $"Take a backup of it with '{program.Tool} backup --{program.DatabaseSetting}={backup} <file>' and restore that. Nothing was changed.");
        }

        return backup;
    }

    /// <summary>"hub.db.replaced-20261201-101500Z": beside the database, dated (UTC), never over an existing file.</summary>
    private static string AsideName(string database, TimeProvider time)
    {
        var aside = database + ".replaced-" + time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "Z";
        if (Companions.Any(suffix => File.Exists(aside + suffix)))
        {
            throw new DatabaseFileException($"{aside} exists: a restore never overwrites a kept database; run it again in a second. Nothing was changed.");
        }

        return aside;
    }

    private static void Stage(string backup, string staging, string database)
    {
        // Left by a restore killed before its last step: ours by its name, never in use.
        Delete(staging);
        File.Copy(backup, staging);
        if (!OperatingSystem.IsWindows())
        {
            // The database's own permissions, not the backup directory's: it holds what the database holds. With no database
            // there, owner only, as init creates one.
            File.SetUnixFileMode(staging, File.Exists(database) ? File.GetUnixFileMode(database) : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>The backup as `backup` checks it: SQLite's quick_check, the program's own file, its audit chain intact.</summary>
    private static AuditVerification Check(SqliteConnection connection, string backup, DatabaseProgram program, AuditChain chain)
    {
        if (connection.Scalar("PRAGMA quick_check;") is not "ok" and var problem)
        {
            throw new DatabaseFileException($"{backup} fails SQLite's check ({problem}): it is damaged; restore another backup. Nothing was changed.");
        }

        try
        {
            DatabaseIdentity.Check(connection, program);
        }
        catch (DatabaseFileException error)
        {
            // The check names the staged copy and the setting; the operator named a backup.
            var message = error.Message
                .Replace(connection.DataSource, backup, StringComparison.Ordinal)
                .Replace($"{program.DatabaseSetting} must name the {program.Name}'s own database file", $"name a backup written by '{program.Tool} backup'", StringComparison.Ordinal);
            throw new DatabaseFileException(message, error);
        }

        var audit = AuditVerifier.Verify(chain, connection);
        if (!audit.IsIntact)
        {
            throw new DatabaseFileException(
                $"{backup}'s audit chain is broken at entry {audit.BrokenAt} ({audit.Break.ToString().ToLowerInvariant()}): {audit.Reason}. " +
                $"A restore would carry that history on as the {program.Name}'s: keep the file as evidence and restore another backup. Nothing was changed.");
        }

        return audit;
    }

    /// <summary>The copy's bytes on the disk before it takes the database's name, so that a restore that says it is done survives a power cut.</summary>
    private static void Flush(string staging)
    {
        using var stream = new FileStream(staging, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// The database's files moved to <paramref name="aside"/> (a -wal or -shm with its database, so the kept copy opens whole),
    /// then the copy renamed to the database. A move that fails puts back those already moved.
    /// </summary>
    private static IReadOnlyList<string> PutInPlace(string staging, string database, string aside)
    {
        var moved = new List<(string From, string To)>();
        try
        {
            foreach (var suffix in Companions)
            {
                if (File.Exists(database + suffix))
                {
                    DurableRename.Move(database + suffix, aside + suffix, overwrite: false);
                    moved.Add((database + suffix, aside + suffix));
                }
            }

            DurableRename.Move(staging, database, overwrite: false);
            return moved.Select(m => m.To).ToArray();
        }
        catch when (File.Exists(staging))
        {
            // The copy has not taken the database's name: put back what was moved. (Once it has, only the directory's
            // flush failed, and the database is the restored one: nothing to undo.)
            for (var i = moved.Count - 1; i >= 0; i--)
            {
                DurableRename.Move(moved[i].To, moved[i].From, overwrite: false);
            }

            throw;
        }
    }

    private static string Reason(Exception error) => error switch
    {
        SqliteException { SqliteErrorCode: 13 } => "the disk is full (SQLite: database or disk is full)",
        SqliteException { SqliteErrorCode: 26 } => "it is not an SQLite database (SQLite: file is not a database)",
        SqliteException sqlite => $"SQLite: {sqlite.Message}",
        _ => error.Message.TrimEnd('.'),
    };

    private static void Delete(string staging)
    {
        try
        {
            File.Delete(staging);
            File.Delete(staging + "-journal");
            File.Delete(staging + "-wal");
            File.Delete(staging + "-shm");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The failure being reported matters more; a leftover .restoring is never served and the next restore replaces it.
        }
    }
}
