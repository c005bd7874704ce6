namespace HstFederation.Node.Storage;

/// <summary>
/// The node's durable store, one SQLite file: outbox, inbox, quarantine, sequence alarms, the hub cursor
/// and the audit log. Every write goes through one writer loop that commits whatever is waiting in one
/// transaction (group commit); a caller's task completes only after its write committed, so an id handed
/// to an agency or a cursor acknowledged to the hub is never lost. Reads use separate connections.
/// </summary>
internal sealed partial class NodeStore : IAsyncDisposable
{
    private readonly WriterLoop _writer;
    private int _disposed;

    private NodeStore(NodeDatabase database, TimeProvider timeProvider, NodeStoreOptions options)
    {
        Database = database;
        _writer = new WriterLoop(database, timeProvider, options);
    }

    public NodeDatabase Database { get; }

    /// <summary>Transactions committed by the writer since open (tests assert group commit with it).</summary>
    public long Commits => _writer.Commits;

    /// <summary>Full-text index merges since open: one per transaction that purged copies (tests assert a sweep merges once).</summary>
    public long IndexMerges => _writer.IndexMerges;

    /// <summary>Write operations waiting for the writer.</summary>
    public int QueuedWrites => _writer.Queued;

    /// <summary>False after a batch could not commit (e.g. disk full) until one commits again.</summary>
    public bool IsHealthy => _writer.LastFault is null;

    public Exception? LastFault => _writer.LastFault;

    /// <summary>Opens (creating and migrating if needed) the store at <paramref name="path"/> and starts its writer.</summary>
    public static NodeStore Open(string path, TimeProvider timeProvider, NodeStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new NodeStoreOptions();
        var database = NodeDatabase.Open(path, timeProvider, options.BusyTimeout, options.Migrating, options.FreeSpace);
        return new NodeStore(database, timeProvider, options);
    }

    /// <summary>Finishes queued writes, closes the writer connection and idle read connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _writer.StopAsync().ConfigureAwait(false);
            Database.ReleaseIdleConnections();
        }
    }

    /// <summary>
    /// Sets the storage quota in pages (SQLite <c>max_page_count</c>) on the writer; SQLite never lowers it
    /// below the current size. Returns the effective maximum. Writes beyond it fail as disk full.
    /// </summary>
    public Task<long> SetMaxPageCountAsync(long pages, CancellationToken cancellationToken = default) =>
        _writer.RunAsync(
            context =>
            {
                var effective = (long)context.Connection.Scalar($"PRAGMA max_page_count = {pages};")!;
                _writer.MaxPageCount = effective;
                return effective;
            },
            cancellationToken);

    /// <summary>Runs <paramref name="work"/> on the writer inside its own savepoint of the next batch (alone, in its own transaction).</summary>
    internal Task<T> WriteAsync<T>(Func<WriteContext, T> work, CancellationToken cancellationToken) =>
        _writer.RunAsync(work, cancellationToken);
}
