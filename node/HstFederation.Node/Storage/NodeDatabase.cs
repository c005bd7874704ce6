using HstFederation.Node.Search;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// The node's SQLite file: WAL, <c>synchronous=FULL</c> on the writer (an agency's acknowledgement depends on every commit),
/// <c>foreign_keys=ON</c>, a busy timeout, and the migrations applied at open. Owns no open connection: the
/// writer loop holds the one writer connection; reads use pooled read-only (<c>query_only</c>) connections, and the
/// reads of every send (<see cref="Readers"/>) keep a few of them open with their compiled statements.
/// At open, messages stored without a search index (before Migration0002) are indexed before anything else runs, the hub's
/// content stored before the node range-checked it is checked again (<see cref="HubContentRecheck"/>), and what
/// the hub sent before Migration0014 is linked and purged as a purge since would have (<see cref="PurgedHits.CatchUp"/>,
/// <see cref="PurgedProducts.CatchUp"/>).
/// </summary>
internal sealed class NodeDatabase
{
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private readonly int _busyTimeoutMs;

    private NodeDatabase(string path, TimeSpan busyTimeout)
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

    /// <summary>The outbox sender and the submitter read one after another; a node has few concurrent readers.</summary>
    private const int MaxIdleReaders = 4;

    public string Path { get; }

    /// <summary>Read connections kept open with their statements, for the reads every send makes (pending outbox, recipient counts).</summary>
    public ReadConnections Readers { get; }

    public int SchemaVersion { get; private set; }

    /// <summary>How many stored messages were indexed for search at open (<see cref="SearchIndexBackfill"/>).</summary>
    public int IndexedAtOpen { get; private set; }

    /// <summary>
    /// How many hit notifications and products stored before Migration0014 the open-time catch-up left unrecorded because they
    /// no longer parse or pass today's check (each audited as <c>unrecorded</c> with its local id and reason).
    /// </summary>
    public int UnrecordedAtOpen { get; private set; }

    /// <summary>
    /// How many inbox rows of the hub's content, stored before the node range-checked it, the check at open after
    /// Migration0023 moved to quarantine (<see cref="HubContentRecheck"/>); 0 at every later open.
    /// </summary>
    public int QuarantinedAtOpen { get; private set; }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> and applies pending migrations; a file it cannot use
    /// (the other program's, a newer schema, not a database, locked, a directory, too little free space for a pending rebuild) is a
    /// <see cref="DatabaseFileException"/> naming it.
    /// </summary>
    /// <param name="migrating">Told (from, to) before the pending migrations of an existing file run (<see cref="NodeStoreOptions.Migrating"/>).</param>
    /// <param name="freeSpace">The free space of the file's volume, checked before a migration that rebuilds tables (<see cref="NodeStoreOptions.FreeSpace"/>).</param>
    public static NodeDatabase Open(
        string path, TimeProvider timeProvider, TimeSpan? busyTimeout = null, Action<int, int>? migrating = null, Func<string, long?>? freeSpace = null)
    {
        var timeout = busyTimeout ?? TimeSpan.FromSeconds(5);
        return DatabaseOpenErrors.Open(path, DatabaseProgram.Node, timeout, fullPath => OpenAndMigrate(fullPath, timeout, timeProvider, migrating, freeSpace));
    }

    private static NodeDatabase OpenAndMigrate(
        string fullPath, TimeSpan busyTimeout, TimeProvider timeProvider, Action<int, int>? migrating, Func<string, long?>? freeSpace)
    {
        var database = new NodeDatabase(fullPath, busyTimeout);
        using var connection = database.OpenWriterConnection();
        DatabaseIdentity.AdmitAndUseWal(connection, DatabaseProgram.Node);

        database.SchemaVersion = SchemaMigrations.Apply(connection, timeProvider, SchemaMigrations.LatestVersion, migrating, freeSpace);
        database.IndexedAtOpen = SearchIndexBackfill.Run(connection);
        var nowMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        // First: what fails today's check is quarantined, so the catch-ups below neither link nor purge it.
        database.QuarantinedAtOpen = HubContentRecheck.Run(connection, nowMs);
        // Rows these skip are audited there; the count is kept for the caller (this type has no logger).
        database.UnrecordedAtOpen = PurgedHits.CatchUp(connection, nowMs).Skipped.Count + PurgedProducts.CatchUp(connection, nowMs).Skipped.Count;
        return database;
    }

    /// <summary>
    /// A new writer connection; only the writer loop (and migrations) may hold one. <c>temp_store = MEMORY</c>:
    /// an operation that shares its batch runs in a savepoint, whose statement journal for a message's ~65 search-index rows otherwise
    /// spills to a ~1 MB temporary file per enqueue; that journal only undoes a savepoint and plays no part in
    /// crash recovery (the WAL does), so keeping it in memory costs no durability. <c>secure_delete</c>: a purge
    /// (docs/lifecycle.md §4) must leave the content gone from the file, not in free pages.
    /// </summary>
    public SqliteConnection OpenWriterConnection() =>
        Open(_writerConnectionString, $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON;");

    /// <summary>A pooled connection that cannot write (<c>query_only</c>); WAL lets it read while the writer commits.</summary>
    public SqliteConnection OpenReadConnection() =>
        Open(_readerConnectionString, $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA query_only = ON;");

    /// <summary>Closes idle pooled and kept read connections so the file can be moved or deleted.</summary>
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
