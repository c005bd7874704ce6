using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// What a write operation sees inside the writer's transaction: the connection, the batch's time, and a
/// place to record new deliveries whose recipients are signalled after the commit (and only if it commits).
/// </summary>
internal sealed class WriteContext
{
    private readonly List<(string Recipient, long Cursor)> _deliveries = [];
    private int _operationStart;

    public WriteContext(SqliteConnection connection, long nowMs)
    {
        Connection = connection;
        NowMs = nowMs;
    }

    public SqliteConnection Connection { get; }

    /// <summary>Unix milliseconds, read once per batch from the injected TimeProvider.</summary>
    public long NowMs { get; }

    public IReadOnlyList<(string Recipient, long Cursor)> NewDeliveries => _deliveries;

    public void AddedDelivery(string recipient, long cursor) => _deliveries.Add((recipient, cursor));

    internal void BeginOperation() => _operationStart = _deliveries.Count;

    /// <summary>The operation's savepoint was rolled back: forget the deliveries it recorded.</summary>
    internal void DiscardOperation() => _deliveries.RemoveRange(_operationStart, _deliveries.Count - _operationStart);
}
