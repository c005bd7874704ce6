using HstFederation.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The database a restore replaces, as far as it can be read: its counters (<see cref="RestoreCounters"/>) and its audit
/// chain's last entry. Read-only and without a check of its own: it is often why the hub is being restored (damaged, or a
/// disk lost), so whatever cannot be read is said (<see cref="Problem"/>) and the restore goes on from the backup alone.
/// </summary>
internal sealed record ReplacedDatabase(bool Exists, RestoreCounters? Counters, long AuditEntries, byte[]? AuditHead, string? Problem)
{
    /// <summary>Its audit chain's last entry as a head (ENTRY:HASH); null when it could not be read or held no entry.</summary>
    public RecordedHead? Head => AuditHead is null ? null : new RecordedHead(AuditEntries, AuditHead);

    public static ReplacedDatabase Read(string database)
    {
        if (!File.Exists(database))
        {
            return new ReplacedDatabase(false, null, 0, null, "no database was there");
        }

        try
        {
            // Read-only: nothing of it changes (not even a checkpoint of its -wal), it is kept aside as it was.
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
            }.ToString());
            connection.Open();
            DatabaseIdentity.Check(connection, DatabaseProgram.Hub);
            return connection.InReadTransaction(() =>
            {
                var counters = RestoreCounters.Read(connection);
                var (entries, head) = connection.Query(
                    "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;",
                    reader => reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : (0L, null));
                return new ReplacedDatabase(true, counters, entries, head, null);
            });
        }
        catch (Exception error) when (error is SqliteException or DatabaseFileException or InvalidCastException)
        {
            return new ReplacedDatabase(true, null, 0, null, error.Message.TrimEnd('.'));
        }
    }
}
