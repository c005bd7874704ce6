using Microsoft.Extensions.Logging.Abstractions;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The hub's durable store, one SQLite file. Every write goes through one writer loop that commits whatever
/// is waiting in one transaction (group commit); a caller's task completes only after its write committed.
/// Reads use separate connections and never wait for the writer. The only implementation of the store:
/// a replicated backend would replace this class behind the same methods (ARCHITECTURE §6).
/// </summary>
internal sealed partial class HubStore : IAsyncDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly HubStoreOptions _options;
    private readonly DeliverySignals _signals = new();

    // The same wait-for-a-higher-number mechanism, keyed by the hub alone: the hub sequences of accepted messages.
    private readonly DeliverySignals _accepted = new();
    private readonly WriterLoop _writer;
    private readonly ILogger _logger;
    private int _disposed;

    private HubStore(HubDatabase database, TimeProvider timeProvider, HubStoreOptions options, ILogger logger)
    {
        Database = database;
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger;
        _writer = new WriterLoop(database, timeProvider, _signals, _accepted, Withdrawals, options, logger);
    }

    public HubDatabase Database { get; }

    /// <summary>Messages whose entities left the store since the intelligence worker last looked (recall, expiry, update).</summary>
    public IndexWithdrawals Withdrawals { get; } = new();

    /// <summary>Transactions committed by the writer since open (tests assert group commit with it).</summary>
    public long Commits => _writer.Commits;

    /// <summary>The writer's busy and commit time, batches and operations since open (metrics).</summary>
    public WriterActivity WriterActivity => _writer.Activity;

    /// <summary>Raised on the writer after each commit with the time COMMIT took (writing and syncing the WAL).</summary>
    public event Action<TimeSpan>? WriterCommitted
    {
        add => _writer.Committed += value;
        remove => _writer.Committed -= value;
    }

    /// <summary>Write operations waiting for the writer.</summary>
    public int QueuedWrites => _writer.Queued;

    /// <summary>False after a batch could not commit (e.g. disk full) until one commits again.</summary>
    public bool IsHealthy => _writer.LastFault is null;

    public Exception? LastFault => _writer.LastFault;

    internal DeliverySignals Signals => _signals;

    /// <summary>Opens (creating and migrating if needed) the store at <paramref name="path"/> and starts its writer.</summary>
    public static HubStore Open(string path, TimeProvider timeProvider, HubStoreOptions? options = null, ILogger<HubStore>? logger = null)
    {
        options ??= new HubStoreOptions();
        var log = logger ?? (ILogger)NullLogger.Instance;
        var database = HubDatabase.Open(path, timeProvider, options.BusyTimeout);
        HubStoreLog.Opened(log, database.SchemaVersion);
        return new HubStore(database, timeProvider, options, log);
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
                HubStoreLog.QuotaSet(_logger, effective);
                return effective;
            },
            cancellationToken);

    /// <summary>
    /// Completes when a message with a hub sequence above <paramref name="afterHubSequence"/> has been committed since
    /// this process started (at once if one already was), or earlier at any commit of a message: the intelligence
    /// worker waits here instead of polling, and reads again either way.
    /// </summary>
    public Task WaitForAcceptedAsync(long afterHubSequence, CancellationToken cancellationToken) =>
        _accepted.WaitForNewAsync(Protocol.Identities.PartyId.Hub, afterHubSequence, cancellationToken);

    /// <summary>Runs <paramref name="work"/> on the writer inside its own savepoint of the next batch.</summary>
    internal Task<T> WriteAsync<T>(Func<WriteContext, T> work, CancellationToken cancellationToken) =>
        _writer.RunAsync(work, cancellationToken);

    private long NowMs => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
}
