using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// What a write operation sees inside the writer's transaction: the connection, the batch's time, and a
/// place to record new deliveries whose recipients are signalled after the commit (and only if it commits), and the hub's
/// own messages the write withdrew, which its caller must announce to their members in the same write
/// (<see cref="TakeWithdrawnHubDeliveries"/>; the writer fails an operation that leaves any behind).
/// </summary>
internal sealed class WriteContext
{
    private readonly List<(string Recipient, long Cursor)> _deliveries = [];
    private readonly List<long> _leftIndex = [];
    private readonly List<WithdrawnHubDelivery> _withdrawnHub = [];
    private int _operationStart;
    private int _leftIndexStart;
    private bool _checkpointBefore;
    private long _acceptedBefore;

    public WriteContext(SqliteConnection connection, long nowMs)
    {
        Connection = connection;
        NowMs = nowMs;
    }

    public SqliteConnection Connection { get; }

    /// <summary>Unix milliseconds, read once per batch from the injected TimeProvider.</summary>
    public long NowMs { get; }

    public IReadOnlyList<(string Recipient, long Cursor)> NewDeliveries => _deliveries;

    /// <summary>The highest hub sequence this batch stored a message under, 0 if none: the intelligence worker is woken with it.</summary>
    public long LatestAccepted { get; private set; }

    /// <summary>Hub sequences whose entities left the store in this batch (recalled, expired, superseded): the intelligence worker drops them from its index.</summary>
    public IReadOnlyList<long> LeftIndex => _leftIndex;

    /// <summary>Set when content was purged: after the commit the writer checkpoints the WAL so no old frame keeps it.</summary>
    public bool CheckpointRequested { get; private set; }

    public void AddedDelivery(string recipient, long cursor) => _deliveries.Add((recipient, cursor));

    /// <summary>Records every (recipient, cursor) row of an INSERT … RETURNING recipient, cursor; returns how many.</summary>
    public int AddedDeliveries(SqliteDataReader returned)
    {
        var count = 0;
        while (returned.Read())
        {
            AddedDelivery(returned.GetString(0), returned.GetInt64(1));
            count++;
        }

        return count;
    }

    public void RemovedFromIndex(long hubSequence) => _leftIndex.Add(hubSequence);

    /// <summary>A delivery of the hub's own message withdrawn in this operation: its member is owed a HubWithdrawal.</summary>
    public void WithdrewHubDelivery(WithdrawnHubDelivery withdrawn) => _withdrawnHub.Add(withdrawn);

    /// <summary>True while a withdrawn hub delivery has not been taken to be announced.</summary>
    public bool HasUnannouncedHubWithdrawals => _withdrawnHub.Count > 0;

    /// <summary>The hub deliveries this operation withdrew, in the order withdrawn; taking them clears the list.</summary>
    public IReadOnlyList<WithdrawnHubDelivery> TakeWithdrawnHubDeliveries()
    {
        var taken = _withdrawnHub.ToList();
        _withdrawnHub.Clear();
        return taken;
    }

    public void Purged() => CheckpointRequested = true;

    public void AcceptedMessage(long hubSequence) => LatestAccepted = Math.Max(LatestAccepted, hubSequence);

    internal void BeginOperation()
    {
        _operationStart = _deliveries.Count;
        _acceptedBefore = LatestAccepted;
        _leftIndexStart = _leftIndex.Count;
        _checkpointBefore = CheckpointRequested;
    }

    /// <summary>The operation's savepoint was rolled back: forget the deliveries and messages it recorded.</summary>
    internal void DiscardOperation()
    {
        _deliveries.RemoveRange(_operationStart, _deliveries.Count - _operationStart);
        LatestAccepted = _acceptedBefore;
        _leftIndex.RemoveRange(_leftIndexStart, _leftIndex.Count - _leftIndexStart);
        CheckpointRequested = _checkpointBefore;
        _withdrawnHub.Clear();
    }
}
