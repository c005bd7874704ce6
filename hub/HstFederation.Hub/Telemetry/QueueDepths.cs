using System.Diagnostics.Metrics;
using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Telemetry;

/// <summary>
/// Queue gauges from <see cref="HubStore.StatsAsync"/>. A scrape never runs the query itself: it starts a
/// refresh when the cached statistics are older than <see cref="MaxAge"/>, waits for it at most
/// <c>maxWait</c>, and otherwise answers with the previous statistics (or nothing before the first read).
/// At most one refresh runs at a time.
/// </summary>
internal sealed class QueueDepths(Func<CancellationToken, Task<StoreStats>> read, TimeProvider time, ILogger<QueueDepths> logger, TimeSpan maxWait)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private StoreStats? _stats;
    private DateTimeOffset _readAt;
    private Task? _refresh;

    public QueueDepths(HubStore store, TimeProvider time, ILogger<QueueDepths> logger)
        : this(store.StatsAsync, time, logger, DefaultMaxWait)
    {
    }

    public IEnumerable<Measurement<long>> ObserveDepths() =>
        Current()?.Parties.Select(queue => new Measurement<long>(queue.Undelivered, PartyTag(queue))) ?? [];

    public IEnumerable<Measurement<double>> ObserveOldestAges()
    {
        var stats = Current();
        if (stats is null)
        {
            return [];
        }

        var now = time.GetUtcNow();
        return stats.Parties
            .Where(queue => queue.OldestUndeliveredAcceptedAtMs is not null)
            .Select(queue => new Measurement<double>(
                Math.Max(0, (now - DateTimeOffset.FromUnixTimeMilliseconds(queue.OldestUndeliveredAcceptedAtMs!.Value)).TotalSeconds),
                PartyTag(queue)))
            .ToList();
    }

    /// <summary>Starts a read without waiting for it (at start, so the first scrape finds statistics ready).</summary>
    public void Prime()
    {
        lock (_gate)
        {
            _refresh ??= Task.Run(RefreshAsync);
        }
    }

    /// <summary>The freshest statistics obtainable within the wait bound; null before the first successful read.</summary>
    public StoreStats? Current()
    {
        Task refresh;
        lock (_gate)
        {
            if (_stats is not null && time.GetUtcNow() - _readAt < MaxAge)
            {
                return _stats;
            }

            refresh = _refresh ??= Task.Run(RefreshAsync);
        }

        // RefreshAsync never throws; a slow store only costs this scrape the wait bound.
        refresh.Wait(maxWait);
        lock (_gate)
        {
            return _stats;
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            var stats = await read(CancellationToken.None);
            lock (_gate)
            {
                _stats = stats;
                _readAt = time.GetUtcNow();
            }
        }
        catch (Exception exception)
        {
            TelemetryLog.QueueStatsFailed(logger, exception);
        }
        finally
        {
            lock (_gate)
            {
                _refresh = null;
            }
        }
    }

    private static KeyValuePair<string, object?> PartyTag(MemberQueueStats queue) => new("party", queue.Party.Uri);
}
