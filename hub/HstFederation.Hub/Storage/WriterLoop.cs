using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// The single writer. Takes everything waiting (up to the batch bound), runs each operation in its own
/// SAVEPOINT of one <c>BEGIN IMMEDIATE</c> transaction, commits once (one fsync), and only then completes
/// the callers. A store fault (disk full, I/O) rolls back the whole batch: every caller gets
/// <see cref="StoreUnavailableException"/> and nothing is acknowledged.
/// Deferrable operations (acknowledgements) are held aside as they are taken and run after the rest of a batch:
/// all of them (up to the bound) when nothing else waits, otherwise at least one (beyond the bound if need be) and more only
/// while the batch is within <see cref="HubStoreOptions.AcknowledgementBudget"/>. So a submission's receipt waits for its
/// own batch, not for every acknowledgement queued before it, and acknowledgements never starve. A batch abandoned on a
/// store fault fails the held ones too, as it fails everything it took.
/// </summary>
internal sealed partial class WriterLoop
{
    private readonly HubDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly DeliverySignals _signals;
    private readonly DeliverySignals _accepted;
    private readonly IndexWithdrawals _withdrawals;
    private readonly ILogger _logger;
    private readonly int _maxBatch;
    private readonly int _maxDeferred;
    private readonly TimeSpan _deferredBudget;
    private readonly Channel<WriteOperation> _queue;
    private readonly Task _loop;
    private readonly ITimer _checkpointRetry;
    private SqliteConnection? _connection;
    private IDisposable? _statements;
    private long _commits;
    private long _busyTicks;
    private long _commitTicks;
    private long _batches;
    private long _operations;
    private int _heldDeferred;
    private Exception? _lastFault;
    private long _announcedPageCount;
    private bool _checkpointPending;

    /// <param name="accepted">Told, under the hub's own party, the highest hub sequence each commit stored a message under.</param>
    public WriterLoop(HubDatabase database, TimeProvider timeProvider, DeliverySignals signals, DeliverySignals accepted, IndexWithdrawals withdrawals, HubStoreOptions options, ILogger logger)
    {
        _withdrawals = withdrawals;
        _database = database;
        _timeProvider = timeProvider;
        _signals = signals;
        _accepted = accepted;
        _logger = logger;
        _maxBatch = options.MaxBatchSize;
        _maxDeferred = options.QueueCapacity;
        _deferredBudget = options.AcknowledgementBudget;
        MaxPageCount = options.MaxPageCount;
        _queue = Channel.CreateBounded<WriteOperation>(
            new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

        // Armed while a checkpoint after a purge is pending (WriterLoop.Batch.cs): on an idle hub no later batch comes to
        // retry it. A full queue drops the wake-up, harmlessly: the batches it holds retry the checkpoint anyway.
        _checkpointRetry = timeProvider.CreateTimer(_ => _queue.Writer.TryWrite(CheckpointRetry.Instance), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        // A thread of its own: the loop blocks in SQLite (statements, the COMMIT's fsync) for most of its life under
        // load, which on a pool thread starves the pool (a 2-core host starts with two) of the threads that serve calls.
        // Named, so that top -H, perf and /proc/PID/task/*/comm (the load generator reads its schedstat) can tell it apart.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = stopped.Task;
        new Thread(() => RunLoop(stopped)) { Name = ThreadName, IsBackground = true }.Start();
    }

    /// <summary>The writer thread's name, also its name in the operating system (at most 15 characters on Linux).</summary>
    public const string ThreadName = "hst-hub-writer";

    /// <summary>Committed transactions so far (group commit makes this far smaller than the operations).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>What the writer has done since it started (metrics: its busy time over wall time is its utilisation).</summary>
    public WriterActivity Activity => new(
        TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks)), TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks)),
        Interlocked.Read(ref _batches), Interlocked.Read(ref _operations));

    /// <summary>Raised on the writer after each commit with how long COMMIT took (metrics); must be quick and must not throw.</summary>
    public event Action<TimeSpan>? Committed;

    /// <summary>Operations waiting for the writer, deferrable ones held aside included.</summary>
    public int Queued => _queue.Reader.Count + Volatile.Read(ref _heldDeferred);

    /// <summary>The fault of the last batch, or null once a batch committed again (health check).</summary>
    public Exception? LastFault => Volatile.Read(ref _lastFault);

    /// <summary>How long after a busy checkpoint the writer tries it again when no batch came meanwhile.</summary>
    public static readonly TimeSpan CheckpointRetryInterval = TimeSpan.FromSeconds(1);

    /// <summary>Reapplied whenever the writer connection is (re)opened. Only touched on the writer.</summary>
    public long? MaxPageCount { get; set; }

    public Task<T> RunAsync<T>(Func<WriteContext, T> work, CancellationToken cancellationToken) =>
        EnqueueAsync(new WriteOperation<T>(work, cancellationToken, deferrable: false), cancellationToken);

    /// <summary>Runs <paramref name="work"/> after the other work of its batch, within the budget (see the class).</summary>
    public Task<T> RunDeferrableAsync<T>(Func<WriteContext, T> work, CancellationToken cancellationToken) =>
        EnqueueAsync(new WriteOperation<T>(work, cancellationToken, deferrable: true), cancellationToken);

    private async Task<T> EnqueueAsync<T>(WriteOperation<T> operation, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            throw new ObjectDisposedException("The hub store is closed.", exception);
        }

        return await operation.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops taking work, finishes what is queued, closes the writer connection.</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private void RunLoop(TaskCompletionSource stopped)
    {
        try
        {
            Loop();
            stopped.SetResult();
        }
        catch (Exception exception)
        {
            stopped.SetException(exception);
        }
        finally
        {
            // However the loop ended: a pending checkpoint's wake-up must not outlive it.
            _checkpointRetry.Dispose();
        }
    }

    private void Loop()
    {
        var batch = new List<WriteOperation>(_maxBatch);
        var deferred = new Queue<WriteOperation>();
        while (deferred.Count > 0 || WaitForWork())
        {
            var retryCheckpoint = false;

            // Held deferrable operations are bounded (by the queue's capacity again), so a flood of them ends in backpressure.
            while (batch.Count < _maxBatch && deferred.Count < _maxDeferred && _queue.Reader.TryRead(out var operation))
            {
                if (operation is CheckpointRetry)
                {
                    retryCheckpoint = true;
                }
                else if (operation.CancellationToken.IsCancellationRequested)
                {
                    operation.Cancel();
                }
                else if (operation.Deferrable)
                {
                    deferred.Enqueue(operation);
                }
                else
                {
                    batch.Add(operation);
                }
            }

            // Held operations whose callers gave up are dropped here, so that they never make a batch of their own.
            while (deferred.TryPeek(out var held) && held.CancellationToken.IsCancellationRequested)
            {
                deferred.Dequeue().Cancel();
            }

            Volatile.Write(ref _heldDeferred, deferred.Count);
            if (batch.Count > 0 || deferred.Count > 0)
            {
                RunBatch(batch, deferred, _timeProvider.GetTimestamp());
                Volatile.Write(ref _heldDeferred, deferred.Count);
                batch.Clear();
            }
            else if (retryCheckpoint && _checkpointPending)
            {
                // Nothing to write: only the timer's wake-up (a batch would have retried it after its commit).
                Checkpoint();
            }
        }

        CloseConnection();
    }

    /// <summary>Blocks the writer's own thread until work is queued; false once the queue is completed and empty.</summary>
    private bool WaitForWork()
    {
        var waiting = _queue.Reader.WaitToReadAsync();
        return waiting.IsCompleted ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Drops the writer connection and its prepared statements; the next batch opens a new one.</summary>
    private void CloseConnection()
    {
        _statements?.Dispose();
        _statements = null;
        _connection?.Dispose();
        _connection = null;
    }

    private SqliteConnection Connection()
    {
        if (_connection is null)
        {
            _connection = _database.OpenWriterConnection();

            // Every operation runs the same few statements: compile each once per connection, not once per row.
            _statements = _connection.CacheStatements();
            if (MaxPageCount is { } pages)
            {
                // SQLite keeps the quota at least at the current size, so the effective value may be above the asked one.
                var effective = (long)_connection.Scalar($"PRAGMA max_page_count = {pages};")!;
                if (effective != _announcedPageCount)
                {
                    _announcedPageCount = effective;
                    HubStoreLog.QuotaApplied(_logger, pages, effective);
                }
            }
        }

        return _connection;
    }
}
