using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace HstFederation.Node.Storage;

/// <summary>
/// The single writer. Takes everything waiting (up to the batch bound), runs each operation in its own
/// SAVEPOINT of one <c>BEGIN IMMEDIATE</c> transaction (an operation alone in its batch needs none), commits
/// once (one fsync), and only then completes the callers. A store fault (disk full, I/O) rolls back the whole batch: every caller gets
/// <see cref="NodeStoreUnavailableException"/> and nothing is acknowledged.
/// </summary>
internal sealed partial class WriterLoop
{
    private readonly NodeDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly int _maxBatch;
    private readonly Channel<WriteOperation> _queue;
    private readonly Task _loop;
    private SqliteConnection? _connection;
    private IDisposable? _statements;
    private long _commits;
    private long _indexMerges;
    private Exception? _lastFault;

    public WriterLoop(NodeDatabase database, TimeProvider timeProvider, NodeStoreOptions options)
    {
        _database = database;
        _timeProvider = timeProvider;
        _maxBatch = options.MaxBatchSize;
        MaxPageCount = options.MaxPageCount;
        _queue = Channel.CreateBounded<WriteOperation>(
            new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Committed transactions so far (group commit makes this far smaller than the operations).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Merges of the full-text index so far: one per transaction that purged a copy.</summary>
    public long IndexMerges => Interlocked.Read(ref _indexMerges);

    /// <summary>Operations waiting for the writer.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>The fault of the last batch, or null once a batch committed again (health check).</summary>
    public Exception? LastFault => Volatile.Read(ref _lastFault);

    /// <summary>Reapplied whenever the writer connection is (re)opened. Only touched on the writer.</summary>
    public long? MaxPageCount { get; set; }

    public async Task<T> RunAsync<T>(Func<WriteContext, T> work, CancellationToken cancellationToken)
    {
        var operation = new WriteOperation<T>(work, cancellationToken);
        try
        {
            await _queue.Writer.WriteAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            throw new ObjectDisposedException("The node store is closed.", exception);
        }

        return await operation.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops taking work, finishes what is queued, closes the writer connection.</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var batch = new List<WriteOperation>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var operation))
            {
                if (operation.CancellationToken.IsCancellationRequested)
                {
                    operation.Cancel();
                }
                else
                {
                    batch.Add(operation);
                }
            }

            if (batch.Count > 0)
            {
                RunBatch(batch);
                batch.Clear();
            }
        }

        CloseConnection();
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
                _connection.Execute($"PRAGMA max_page_count = {pages};");
            }
        }

        return _connection;
    }
}
