using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The hub's SQLite file: WAL, <c>synchronous=FULL</c> on the writer (a receipt depends on every commit),
/// <c>foreign_keys=ON</c>, a busy timeout, and the migrations applied at open. The writer loop holds the one
/// writer connection; reads use pooled read-only (<c>query_only</c>) connections, and the hot reads keep a few
/// of those open with their compiled statements (<see cref="Readers"/>).
/// </summary>
internal sealed class HubDatabase
{
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private readonly int _busyTimeoutMs;

    /// <summary>Idle read connections kept open at most (each may hold its own page cache); busier moments open and close more.</summary>
    private const int MaxIdleReaders = 16;

    private HubDatabase(string path, TimeSpan busyTimeout)
    {
        Path = path;
        _busyTimeoutMs = (int)busyTimeout.TotalMilliseconds;
        var seconds = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds));
        _writerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = seconds,
        }.ToString();
        _readerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = true, DefaultTimeout = seconds,
        }.ToString();
        Readers = new ReadConnections(OpenReadConnection, MaxIdleReaders);
    }

    public string Path { get; }

    /// <summary>How long a connection waits for a lock (SQLite <c>busy_timeout</c>), in milliseconds.</summary>
    public int BusyTimeoutMs => _busyTimeoutMs;

    /// <summary>Read connections kept open with their statements, for reads done once per message or page.</summary>
    public ReadConnections Readers { get; }

    public int SchemaVersion { get; private set; }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> and applies pending migrations; a file it cannot use
    /// (the other program's, a newer schema, not a database, locked, a directory) is a <see cref="DatabaseFileException"/> naming it.
    /// </summary>
    public static HubDatabase Open(string path, TimeProvider timeProvider, TimeSpan? busyTimeout = null)
    {
        var timeout = busyTimeout ?? TimeSpan.FromSeconds(5);
        return DatabaseOpenErrors.Open(path, DatabaseProgram.Hub, timeout, fullPath => OpenAndMigrate(fullPath, timeout, timeProvider));
    }

    private static HubDatabase OpenAndMigrate(string fullPath, TimeSpan busyTimeout, TimeProvider timeProvider)
    {
        var database = new HubDatabase(fullPath, busyTimeout);
        using var connection = database.OpenWriterConnection();
        DatabaseIdentity.AdmitAndUseWal(connection, DatabaseProgram.Hub);

        database.SchemaVersion = SchemaMigrations.Apply(connection, timeProvider);
        return database;
    }

    /// <summary>
    /// A new writer connection; only the writer loop (and migrations) may hold one. <c>temp_store = MEMORY</c>: every
    /// operation runs in a savepoint, whose statement journal (an envelope for 195 recipients and its deliveries is
    /// over SQLite's 64 KiB spill threshold) would otherwise go to a temporary file; it only undoes a savepoint and
    /// plays no part in crash recovery (the WAL does). <c>secure_delete = ON</c>: a recall or an expiry must leave no
    /// byte of the content in the file (docs/lifecycle.md §4), so freed space is zeroed as it is freed; the hub rarely
    /// deletes or shrinks a row otherwise, so it costs little.
    /// </summary>
    public SqliteConnection OpenWriterConnection() =>
        Open(_writerConnectionString, $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON;");

    /// <summary>
    /// A pooled connection that cannot write (<c>query_only</c>); WAL lets it read while the writer commits. Its page
    /// cache is capped at 512 KiB (SQLite's default is 2 MiB): up to 16 of these stay open (<see cref="ReadConnections"/>),
    /// each filling its cache as the store grows, which a 10-minute soak showed as +13 % hub RSS; the pages they read
    /// are in the OS page cache anyway.
    /// </summary>
    public SqliteConnection OpenReadConnection() =>
        Open(_readerConnectionString, $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA query_only = ON; PRAGMA cache_size = -512;");

    /// <summary>Closes idle pooled read connections so the file can be moved or deleted.</summary>
    public void ReleaseIdleConnections()
    {
        Readers.Close();
        using var connection = new SqliteConnection(_readerConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static SqliteConnection Open(string connectionString, string pragmas)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            connection.Execute(pragmas);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
