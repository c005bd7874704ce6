using System.Diagnostics;
using HstFederation.LoadGenerator.Workload;

namespace HstFederation.LoadGenerator.Measure;

/// <summary>
/// When each planned message was scheduled, receipted, delivered to its last recipient and its last delivery
/// receipt relayed back to its sender, in <see cref="Stopwatch"/> ticks. Written from many threads without a
/// lock: each slot has one writer, counters use Interlocked. A delivery to the slow subscriber is counted
/// apart and never holds up "all delivered". A second delivery of the same message to the same member (which
/// the hub must not do on one stream) is counted as a duplicate. The counters and the last receipt and delivery
/// times cover the timed messages only: warm-up messages complete their phase and nothing else.
/// </summary>
internal sealed class Timeline
{
    private readonly MessagePlan _plan;
    private readonly long[] _scheduled;
    private readonly long[] _receipted;
    private readonly long[] _allDelivered;
    private readonly long[] _allRelayed;
    private readonly int[] _deliveriesLeft;
    private readonly int[] _relaysLeft;
    private readonly int[][] _delivered;
    private readonly int[][] _relayed;
    private readonly int[] _phaseLeft = new int[2];
    private readonly TaskCompletionSource[] _phaseDone = [NewSignal(), NewSignal()];
    private long _deliveries;
    private long _lastDelivery;
    private long _lastReceipt;
    private long _slowDeliveries;
    private long _duplicates;
    private long _unknown;

    public Timeline(MessagePlan plan)
    {
        _plan = plan;
        var count = plan.Messages.Count;
        _scheduled = new long[count];
        _receipted = new long[count];
        _allDelivered = new long[count];
        _allRelayed = new long[count];
        _deliveriesLeft = new int[count];
        _relaysLeft = new int[count];
        _delivered = new int[count][];
        _relayed = new int[count][];
        foreach (var message in plan.Messages)
        {
            var expected = message.Recipients.Count(r => r != plan.SlowMember);
            _deliveriesLeft[message.Index] = expected;
            _relaysLeft[message.Index] = expected;
            _delivered[message.Index] = new int[message.Recipients.Length];
            _relayed[message.Index] = new int[message.Recipients.Length];
            _phaseLeft[Phase(message.Index)] += 1 + (2 * expected);
        }

        for (var phase = 0; phase < 2; phase++)
        {
            if (_phaseLeft[phase] == 0)
            {
                _phaseDone[phase].TrySetResult();
            }
        }
    }

    /// <summary>First deliveries of timed messages to (non-slow) recipients.</summary>
    public long Deliveries => Interlocked.Read(ref _deliveries);

    /// <summary>Deliveries of timed messages to the slow subscriber.</summary>
    public long SlowDeliveries => Interlocked.Read(ref _slowDeliveries);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Unknown => Interlocked.Read(ref _unknown);

    public long LastDelivery => Interlocked.Read(ref _lastDelivery);

    public long LastReceipt => Interlocked.Read(ref _lastReceipt);

    /// <summary>Receipts, deliveries and relays still missing in the phase (0 warm-up, 1 timed).</summary>
    public int Outstanding(int phase) => Volatile.Read(ref _phaseLeft[phase]);

    /// <summary>Completes once every message of the phase (0 warm-up, 1 timed) is receipted, delivered and relayed.</summary>
    public Task PhaseDone(int phase) => _phaseDone[phase].Task;

    public void Scheduled(int index, long ticks) => _scheduled[index] = ticks;

    public void Receipted(int index)
    {
        var now = Stopwatch.GetTimestamp();
        _receipted[index] = now;
        if (Phase(index) == 1)
        {
            Max(ref _lastReceipt, now);
        }

        Done(index);
    }

    public void Delivered(int index, int member)
    {
        var now = Stopwatch.GetTimestamp();
        if (!First(_delivered, index, member))
        {
            return;
        }

        var timed = Phase(index) == 1;
        if (member == _plan.SlowMember)
        {
            if (timed)
            {
                Interlocked.Increment(ref _slowDeliveries);
            }

            return;
        }

        if (timed)
        {
            Interlocked.Increment(ref _deliveries);
            Max(ref _lastDelivery, now);
        }

        if (Interlocked.Decrement(ref _deliveriesLeft[index]) == 0)
        {
            _allDelivered[index] = now;
        }

        Done(index);
    }

    /// <summary>The delivery receipt of <paramref name="recipient"/> for message <paramref name="index"/> reached its sender.</summary>
    public void Relayed(int index, int recipient)
    {
        var now = Stopwatch.GetTimestamp();
        if (!First(_relayed, index, recipient) || recipient == _plan.SlowMember)
        {
            return;
        }

        if (Interlocked.Decrement(ref _relaysLeft[index]) == 0)
        {
            _allRelayed[index] = now;
        }

        Done(index);
    }

    /// <summary>Something arrived that no planned message explains (another message, or one for another member).</summary>
    public void UnknownDelivery() => Interlocked.Increment(ref _unknown);

    /// <summary>Milliseconds from scheduled to <paramref name="what"/> for the timed messages that got there.</summary>
    public double[] Latencies(Milestone what)
    {
        var ends = what switch
        {
            Milestone.Receipt => _receipted,
            Milestone.AllDelivered => _allDelivered,
            _ => _allRelayed,
        };
        return _plan.TimedMessages
            .Where(m => ends[m.Index] != 0 && (what == Milestone.Receipt || m.Recipients.Any(r => r != _plan.SlowMember)))
            .Select(m => Ticks.ToMilliseconds(ends[m.Index] - _scheduled[m.Index]))
            .ToArray();
    }

    private int Phase(int index) => index < _plan.Scenario.Warmup ? 0 : 1;

    private bool First(int[][] seen, int index, int member)
    {
        var position = Array.IndexOf(_plan.Messages[index].Recipients, member);
        if (position < 0)
        {
            Interlocked.Increment(ref _unknown);
            return false;
        }

        if (Interlocked.Exchange(ref seen[index][position], 1) != 0)
        {
            Interlocked.Increment(ref _duplicates);
            return false;
        }

        return true;
    }

    private void Done(int index)
    {
        var phase = Phase(index);
        if (Interlocked.Decrement(ref _phaseLeft[phase]) == 0)
        {
            _phaseDone[phase].TrySetResult();
        }
    }

    private static void Max(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
