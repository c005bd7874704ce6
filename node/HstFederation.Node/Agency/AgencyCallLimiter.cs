using Grpc.Core;

namespace HstFederation.Node.Agency;

/// <summary>
/// Counts each agency's calls in progress and refuses one past its limits (<see cref="AgencyLimits"/>) with
/// RESOURCE_EXHAUSTED: a misbehaving agency system then gets a clear error while the NCB's operators, the hub link and
/// the other agencies keep their share of the node. Also counts all agencies' calls together and refuses one past
/// <see cref="AgencyLimits.MaxConcurrentCallsTotal"/> (NODE_BUSY): many agencies, each within its own limits, must still
/// leave the node to the operators and the hub link. Open streams count toward that total too, so enough agencies holding
/// idle streams can fill it for the others (docs/agency-api.md, Limits, says how to size it). Only authorized callers are
/// counted, so the table holds at most one entry per registered agency.
/// </summary>
internal sealed class AgencyCallLimiter(AgencyLimits limits)
{
    private static readonly object HeldKey = new();

    private readonly Dictionary<string, InProgress> _agencies = new(StringComparer.Ordinal);

    /// <summary>Every agency's calls in progress together (the sum of the table's <see cref="InProgress.Calls"/>).</summary>
    private int _total;

    /// <summary>
    /// Takes a slot for the call <paramref name="request"/> carries, unless it holds one already: a call takes its
    /// slot before its request is read (<see cref="AgencyCallGate"/>), then passes <see cref="AgencyCallLimitInterceptor"/>,
    /// which must not count it twice. Dispose the slot when the call ends (the one returned here for a slot held already is
    /// the holder's to dispose, not this one's).
    /// </summary>
    public IDisposable Enter(HttpContext request, string actor, AgencyCallKind kind)
    {
        if (request.Items.ContainsKey(HeldKey))
        {
            return NoSlot.Instance;
        }

        var slot = Enter(actor, kind);
        request.Items[HeldKey] = slot;
        return slot;
    }

    /// <summary>Takes a slot for a call of <paramref name="actor"/>; dispose it when the call ends.</summary>
    public IDisposable Enter(string actor, AgencyCallKind kind)
    {
        lock (_agencies)
        {
            if (!_agencies.TryGetValue(actor, out var calls))
            {
                _agencies[actor] = calls = new InProgress();
            }

            if (calls.Calls >= limits.MaxConcurrentCalls)
            {
                throw new AgencyException(StatusCode.ResourceExhausted, AgencyReasons.TooManyCalls,
                    $"this agency already has {limits.MaxConcurrentCalls} calls in progress (streams included); retry when one ends");
            }

            if (kind == AgencyCallKind.Stream && calls.Streams >= limits.MaxWatchStreams)
            {
                throw new AgencyException(StatusCode.ResourceExhausted, AgencyReasons.TooManyStreams,
                    $"this agency already has {limits.MaxWatchStreams} WatchInbox streams open; close one first");
            }

            if (kind == AgencyCallKind.Search && calls.Searches >= limits.MaxConcurrentSearches)
            {
                throw new AgencyException(StatusCode.ResourceExhausted, AgencyReasons.TooManySearches,
                    $"this agency already has {limits.MaxConcurrentSearches} searches running; retry when one ends");
            }

            // The agency's own limits first: an agency past them hears about its own calls, not the node's.
            if (_total >= limits.MaxConcurrentCallsTotal)
            {
                throw new AgencyException(StatusCode.ResourceExhausted, AgencyReasons.NodeBusy,
                    $"the node's agencies together already have {limits.MaxConcurrentCallsTotal} calls in progress; retry later");
            }

            calls.Add(kind, 1);
            _total++;
            return new Slot(this, calls, kind);
        }
    }

    private void Leave(InProgress calls, AgencyCallKind kind)
    {
        lock (_agencies)
        {
            calls.Add(kind, -1);
            _total--;
        }
    }

    private sealed class InProgress
    {
        public int Calls { get; private set; }

        public int Streams { get; private set; }

        public int Searches { get; private set; }

        public void Add(AgencyCallKind kind, int delta)
        {
            Calls += delta;
            Streams += kind == AgencyCallKind.Stream ? delta : 0;
            Searches += kind == AgencyCallKind.Search ? delta : 0;
        }
    }

    private sealed class NoSlot : IDisposable
    {
        public static readonly NoSlot Instance = new();

        public void Dispose()
        {
        }
    }

    private sealed class Slot(AgencyCallLimiter limiter, InProgress calls, AgencyCallKind kind) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                limiter.Leave(calls, kind);
            }
        }
    }
}
