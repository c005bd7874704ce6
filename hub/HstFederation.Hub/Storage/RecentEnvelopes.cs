namespace HstFederation.Hub.Storage;

/// <summary>
/// The envelopes of the messages accepted last, by hub sequence, up to a byte bound. A stream's page takes an envelope
/// from here instead of reading the message row and its overflow pages once more for each recipient: under WAL every
/// commit empties a read connection's page cache, so each of those reads went back to the files (docs/performance.md).
/// The writer adds a batch's envelopes after its commit and takes out those a commit purged, both before it signals the
/// streams; the oldest leave first. Envelopes are never changed, only purged, so what is here is what the row holds.
/// </summary>
internal sealed class RecentEnvelopes
{
    /// <summary>Bounds the entries too, however small the envelopes (and the ids of purged ones still queued).</summary>
    private const int MaxEntries = 16_384;

    private readonly Lock _lock = new();
    private readonly Dictionary<long, byte[]> _envelopes = [];
    private readonly Queue<long> _oldestFirst = new();
    private readonly long _maxBytes;
    private long _bytes;

    /// <param name="maxBytes">The most envelope bytes held; 0 holds none.</param>
    public RecentEnvelopes(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        _maxBytes = maxBytes;
    }

    /// <summary>Envelope bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public bool TryGet(long hubSequence, out byte[] envelope)
    {
        lock (_lock)
        {
            return _envelopes.TryGetValue(hubSequence, out envelope!);
        }
    }

    /// <summary>Envelopes a commit stored; one larger than the whole bound is not kept.</summary>
    public void Add(IReadOnlyList<(long HubSequence, byte[] Envelope)> accepted)
    {
        if (accepted.Count == 0 || _maxBytes == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var (hubSequence, envelope) in accepted)
            {
                if (envelope.Length > _maxBytes || !_envelopes.TryAdd(hubSequence, envelope))
                {
                    continue;
                }

                _oldestFirst.Enqueue(hubSequence);
                _bytes += envelope.Length;
            }

            while (_bytes > _maxBytes || _oldestFirst.Count > MaxEntries)
            {
                if (_envelopes.Remove(_oldestFirst.Dequeue(), out var evicted))
                {
                    _bytes -= evicted.Length;
                }
            }
        }
    }

    /// <summary>Messages whose envelope a commit purged (recall, expiry, restriction).</summary>
    public void Remove(IReadOnlyList<long> purged)
    {
        if (purged.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var hubSequence in purged)
            {
                if (_envelopes.Remove(hubSequence, out var envelope))
                {
                    _bytes -= envelope.Length;
                }
            }
        }
    }
}
