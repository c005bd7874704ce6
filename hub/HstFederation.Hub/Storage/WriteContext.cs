using Microsoft.Data.Sqlite;

namespace HstFederation.Hub.Storage;

/// <summary>
/// What a write operation sees inside the writer's transaction: the connection, the batch's time, and a
/// place to record new deliveries whose recipients are signalled after the commit (and only if it commits).
/// </summary>
internal sealed class WriteContext
{
    private readonly List<(string Recipient, long Cursor)> _deliveries = [];
    private readonly List<long> _leftIndex = [];
    private readonly List<(long HubSequence, byte[] Envelope)> _acceptedEnvelopes = [];
    private readonly List<long> _purgedEnvelopes = [];
    private int _operationStart;
    private int _leftIndexStart;
    private int _acceptedEnvelopesStart;
    private int _purgedEnvelopesStart;
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

    /// <summary>The messages this batch stored, with their envelopes: kept for the streams after the commit (<see cref="RecentEnvelopes"/>).</summary>
    public IReadOnlyList<(long HubSequence, byte[] Envelope)> AcceptedEnvelopes => _acceptedEnvelopes;

    /// <summary>Messages whose stored envelope this batch emptied: dropped from <see cref="RecentEnvelopes"/> after the commit.</summary>
    public IReadOnlyList<long> PurgedEnvelopes => _purgedEnvelopes;

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

    public void Purged() => CheckpointRequested = true;

    public void AcceptedMessage(long hubSequence, byte[] envelope)
    {
        LatestAccepted = Math.Max(LatestAccepted, hubSequence);
        _acceptedEnvelopes.Add((hubSequence, envelope));
    }

    public void PurgedEnvelope(long hubSequence) => _purgedEnvelopes.Add(hubSequence);

    internal void BeginOperation()
    {
        _operationStart = _deliveries.Count;
        _acceptedBefore = LatestAccepted;
        _leftIndexStart = _leftIndex.Count;
        _acceptedEnvelopesStart = _acceptedEnvelopes.Count;
        _purgedEnvelopesStart = _purgedEnvelopes.Count;
        _checkpointBefore = CheckpointRequested;
    }

    /// <summary>The operation's savepoint was rolled back: forget the deliveries and messages it recorded.</summary>
    internal void DiscardOperation()
    {
        _deliveries.RemoveRange(_operationStart, _deliveries.Count - _operationStart);
        LatestAccepted = _acceptedBefore;
        _leftIndex.RemoveRange(_leftIndexStart, _leftIndex.Count - _leftIndexStart);
        _acceptedEnvelopes.RemoveRange(_acceptedEnvelopesStart, _acceptedEnvelopes.Count - _acceptedEnvelopesStart);
        _purgedEnvelopes.RemoveRange(_purgedEnvelopesStart, _purgedEnvelopes.Count - _purgedEnvelopesStart);
        CheckpointRequested = _checkpointBefore;
    }
}
