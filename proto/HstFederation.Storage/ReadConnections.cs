using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace HstFederation.Storage;

/// <summary>
/// Open read-only connections kept for the hot reads (a subscriber's next page, Submit's retry look-up) together
/// with their compiled statements. Microsoft.Data.Sqlite's pool keeps the SQLite handle but finalizes a
/// connection's statements when it is closed, so a pooled read compiled its SQL again every time. Here a
/// connection is used by one caller at a time (<see cref="Use{T}"/>), keeps one prepared command per SQL text
/// (<see cref="SqliteCommands.CacheStatements"/>), and goes back to the idle set only after a read that ended
/// normally; its statements are reset after every read, so an idle connection holds no WAL snapshot. At most
/// <c>maxIdle</c> stay open.
/// </summary>
public sealed class ReadConnections(Func<SqliteConnection> open, int maxIdle)
{
    private readonly ConcurrentQueue<Cached> _idle = new();
    private int _idleCount;
    private bool _closed;
    private long _opened;

    /// <summary>Connections opened so far (tests see reuse with it).</summary>
    public long Opened => Interlocked.Read(ref _opened);

    /// <summary>Runs <paramref name="read"/> on an idle connection, or a new one; returns the connection afterwards.</summary>
    public T Use<T>(Func<SqliteConnection, T> read)
    {
        Cached? connection = Rent();
        try
        {
            var result = read(connection.Connection);
            Return(connection);
            connection = null;
            return result;
        }
        finally
        {
            // A read that failed may have left its connection in any state: it is not reused.
            connection?.Dispose();
        }
    }

    /// <summary>
    /// Closes the idle connections and keeps none from now on (the store is closing): one in use at the time is
    /// closed when its read ends, and a read after this opens a connection for itself alone.
    /// </summary>
    public void Close()
    {
        Volatile.Write(ref _closed, true);
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryDequeue(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
        }
    }

    private Cached Rent()
    {
        if (_idle.TryDequeue(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }

        var connection = open();
        Interlocked.Increment(ref _opened);
        return new Cached(connection);
    }

    private void Return(Cached connection)
    {
        if (Volatile.Read(ref _closed))
        {
            connection.Dispose();
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > maxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
            return;
        }

        _idle.Enqueue(connection);
        if (Volatile.Read(ref _closed))
        {
            // Closed while this read ran: Close may have drained the set before this connection went back.
            Drain();
        }
    }

    private sealed class Cached(SqliteConnection connection) : IDisposable
    {
        private readonly IDisposable _statements = connection.CacheStatements();

        public SqliteConnection Connection => connection;

        public void Dispose()
        {
            _statements.Dispose();
            connection.Dispose();
        }
    }
}
