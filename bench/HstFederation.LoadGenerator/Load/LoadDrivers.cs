using System.Diagnostics;

namespace HstFederation.LoadGenerator.Load;

/// <summary>
/// The two ways of offering load, shared by the hub run and the echo baseline so both see the same schedule.
/// <c>scheduled</c> receives each item's start of latency in <see cref="Stopwatch"/> ticks.
/// </summary>
internal static class LoadDrivers
{
    /// <summary>
    /// Item i is due at start + i / rate. Its latency counts from the due time even if the send is late (no
    /// coordinated omission); a send the timer wakes up to slightly early (&lt; 1 ms) counts from the actual
    /// send, which only ever makes latency larger. Sends are not held back by earlier ones still in flight,
    /// up to <paramref name="maxBacklog"/> sends unanswered at once (in flight or waiting to be retried):
    /// at the cap the next send waits for a slot, so an overloaded target sees a lower offered rate than
    /// asked for (reported in the returned <see cref="OpenLoopFigures"/>) rather than an unbounded pile of
    /// retries. Late sends still count their latency from their due time.
    /// </summary>
    public static async Task<OpenLoopFigures> OpenLoopAsync<T>(
        IReadOnlyList<T> items, double rate, Action<T, long> scheduled, Func<T, CancellationToken, Task> send, CancellationToken cancellationToken, int maxBacklog = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBacklog, 1);
        var period = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>(items.Count);
        using var slots = new SemaphoreSlim(maxBacklog == int.MaxValue ? int.MaxValue : maxBacklog);
        var backlog = 0;
        var backlogPeak = 0;
        var heldBack = 0;
        var lastSend = start;
        for (var i = 0; i < items.Count; i++)
        {
            var due = start + (long)(i * period);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 1000)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken);
            }

            if (!slots.Wait(0))
            {
                heldBack++;
                await slots.WaitAsync(cancellationToken);
            }

            var now = Interlocked.Increment(ref backlog);
            backlogPeak = Math.Max(backlogPeak, now);
            lastSend = Stopwatch.GetTimestamp();
            scheduled(items[i], Math.Min(due, lastSend));
            inFlight.Add(SendAndRelease(items[i]));
        }

        var sendSeconds = (double)(lastSend - start) / Stopwatch.Frequency;
        await Task.WhenAll(inFlight);
        return new OpenLoopFigures
        {
            OfferedRate = rate,
            AchievedRate = items.Count > 1 && sendSeconds > 0 ? (items.Count - 1) / sendSeconds : rate,
            BacklogCap = maxBacklog,
            BacklogPeak = backlogPeak,
            HeldBack = heldBack,
        };

        async Task SendAndRelease(T item)
        {
            try
            {
                await send(item, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref backlog);
                slots.Release();
            }
        }
    }

    /// <summary><paramref name="concurrency"/> workers, each sending the next item as soon as its previous one is answered.</summary>
    public static Task ClosedLoopAsync<T>(IReadOnlyList<T> items, int concurrency, Action<T, long> scheduled, Func<T, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(
            async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < items.Count)
                {
                    scheduled(items[i], Stopwatch.GetTimestamp());
                    await send(items[i], cancellationToken);
                }
            },
            cancellationToken)));
    }
}
