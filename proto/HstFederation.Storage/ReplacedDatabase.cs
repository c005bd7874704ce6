using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Storage;

/// <summary>
/// The database a restore replaces, as far as it can be read: what the program carries over from it (<see cref="Counters"/>)
/// and its audit chain's last entry. Read-only and without a check of its own: it is often why the database is being restored
/// (damaged, or a disk lost), so whatever cannot be read is said (<see cref="Problem"/>) and the restore goes on from the
/// backup alone.
/// </summary>
public sealed record ReplacedDatabase<T>(bool Exists, T? Counters, long AuditEntries, byte[]? AuditHead, string? Problem)
    where T : class
{
    /// <summary>Its audit chain's last entry as a head (ENTRY:HASH); null when it could not be read or held no entry.</summary>
    public RecordedHead? Head => AuditHead is null ? null : new RecordedHead(AuditEntries, AuditHead);

    /// <summary>Reads <paramref name="database"/>, checked to be <paramref name="program"/>'s, in one read transaction.</summary>
    public static ReplacedDatabase<T> Read(string database, DatabaseProgram program, Func<SqliteConnection, T> counters)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(counters);
        if (!File.Exists(database))
        {
            return new ReplacedDatabase<T>(false, null, 0, null, "no database was there");
        }

        try
        {
            // Read-only: nothing of it changes (not even a checkpoint of its -wal), it is kept aside as it was.
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
            }.ToString());
            connection.Open();
            DatabaseIdentity.Check(connection, program);
            return connection.InReadTransaction(() =>
            {
                var read = counters(connection);
                var (entries, head) = connection.Query(
                    "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;",
                    reader => reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : (0L, null));
                return new ReplacedDatabase<T>(true, read, entries, head, null);
            });
        }
        catch (Exception error) when (error is SqliteException or DatabaseFileException or InvalidCastException)
        {
            return new ReplacedDatabase<T>(true, null, 0, null, error.Message.TrimEnd('.'));
        }
    }
}
