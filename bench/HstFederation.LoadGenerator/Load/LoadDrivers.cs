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
    /// send, which only ever makes latency larger. Sends are never held back by earlier ones still in flight.
    /// </summary>
    public static async Task OpenLoopAsync<T>(IReadOnlyList<T> items, double rate, Action<T, long> scheduled, Func<T, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var period = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var due = start + (long)(i * period);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 1000)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken);
            }

            scheduled(items[i], Math.Min(due, Stopwatch.GetTimestamp()));
            inFlight.Add(send(items[i], cancellationToken));
        }

        await Task.WhenAll(inFlight);
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
