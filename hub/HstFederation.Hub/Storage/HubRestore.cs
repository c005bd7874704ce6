using System.Globalization;
using HstFederation.Hub.Audit;
using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// `restore`: a backup put in place of the hub's database, the caller holding the serve lock. The backup file itself is never
/// changed: it is copied beside the database as <c>&lt;database&gt;.restoring</c>, and the copy is checked (SQLite's
/// quick_check, the hub's own file, its audit chain intact), migrated, given the floors of <see cref="RestoreFloors"/> and the
/// `restore` audit entry in one transaction, and flushed to disk. Only then is the database (with its -wal and -shm) moved
/// aside under a dated name, never deleted, and the copy given its name. Any failure before that last step leaves the
/// database as it was and no copy behind.
/// </summary>
internal static class HubRestore
{
    public const string StagingSuffix = ".restoring";

    private static readonly string[] Companions = [string.Empty, "-wal", "-shm"];

    public static HubRestoreResult Run(string databasePath, string backupPath, string actor, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var database = Path.GetFullPath(databasePath);
        var backup = RequireBackup(backupPath, database);
        var aside = AsideName(database, time);
        var staging = database + StagingSuffix;
        try
        {
            Stage(backup, staging, database);
            var (backupAudit, replaced, floors, newHead) = Prepare(staging, backup, database, aside, actor, time);
            Flush(staging);
            var moved = PutInPlace(staging, database, aside);
            return new HubRestoreResult(database, backup, backupAudit, replaced, moved, floors, newHead);
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

    private static string RequireBackup(string backupPath, string database)
    {
        if (string.IsNullOrWhiteSpace(backupPath))
        {
            throw new DatabaseFileException("name the backup file to restore.");
        }

        var backup = Path.GetFullPath(backupPath);
        if (!File.Exists(backup))
        {
            throw new DatabaseFileException($"{backup} does not exist (or is not a file): name a backup written by 'hst-hub backup'. Nothing was changed.");
        }

        if (string.Equals(backup, database, StringComparison.Ordinal))
        {
            throw new DatabaseFileException($"{backup} is Hub:DatabasePath itself: name a backup written by 'hst-hub backup'. Nothing was changed.");
        }

        if (new FileInfo(backup + "-wal") is { Exists: true, Length: > 0 })
        {
            // Its latest commits would be in that file, which a copy of the backup alone would miss.
            throw new DatabaseFileException(
                $"{backup} has a -wal file beside it: it is a live database, not a backup written by 'hst-hub backup' (one self-contained file). " +
                $"Take a backup of it with 'hst-hub backup --Hub:DatabasePath={backup} <file>' and restore that. Nothing was changed.");
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
        if (!OperatingSystem.IsWindows() && File.Exists(database))
        {
            // The database's own permissions, not the backup directory's: it holds what the database holds.
            File.SetUnixFileMode(staging, File.GetUnixFileMode(database));
        }
    }

    private static (AuditVerification Backup, ReplacedDatabase Replaced, RestoreCounters Floors, RecordedHead NewHead) Prepare(
        string staging, string backup, string database, string aside, string actor, TimeProvider time)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = staging, Mode = SqliteOpenMode.ReadWrite, Pooling = false,
        }.ToString());
        connection.Open();
        var audit = Check(connection, backup);
        // Only once the backup passed: a refused restore has not even opened the database.
        var replaced = ReplacedDatabase.Read(database);
        // A backup of an earlier release is brought to this one's schema now, so the floors land in tables that are there.
        SchemaMigrations.Apply(connection, time);
        var counters = RestoreCounters.Read(connection);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"from={backup} backup_head={AuditVerificationReport.Head(audit)} replaced={(replaced.Exists ? aside : "none")} replaced_head={replaced.Head?.ToString() ?? "unreadable"}");
        var floors = RestoreFloors.Apply(connection, counters, replaced.Counters, time.GetUtcNow().ToUnixTimeMilliseconds(), actor, detail);
        var verified = AuditVerifier.Verify(HubAudit.Chain, connection);
        return (audit, replaced, floors, AuditVerificationReport.Head(verified));
    }

    /// <summary>The backup as `backup` checks it: SQLite's quick_check, the hub's own file, its audit chain intact.</summary>
    private static AuditVerification Check(SqliteConnection connection, string backup)
    {
        if (connection.Scalar("PRAGMA quick_check;") is not "ok" and var problem)
        {
            throw new DatabaseFileException($"{backup} fails SQLite's check ({problem}): it is damaged; restore another backup. Nothing was changed.");
        }

        try
        {
            DatabaseIdentity.Check(connection, DatabaseProgram.Hub);
        }
        catch (DatabaseFileException error)
        {
            // The check names the staged copy and the setting; the operator named a backup.
            var message = error.Message
                .Replace(connection.DataSource, backup, StringComparison.Ordinal)
                .Replace("Hub:DatabasePath must name the hub's own database file", "name a backup written by 'hst-hub backup'", StringComparison.Ordinal);
            throw new DatabaseFileException(message, error);
        }

        var audit = AuditVerifier.Verify(HubAudit.Chain, connection);
        if (!audit.IsIntact)
        {
            throw new DatabaseFileException(
                $"{backup}'s audit chain is broken at entry {audit.BrokenAt} ({audit.Break.ToString().ToLowerInvariant()}): {audit.Reason}. " +
                "A restore would carry that history on as the hub's: keep the file as evidence and restore another backup. Nothing was changed.");
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
