using System.Diagnostics;

namespace HstFederation.EndToEnd.Tests.Harness;

/// <summary>
/// Waiting on a condition with a deadline. The deadlines are hang guards, far above what a slow machine needs; the
/// waits themselves end as soon as the condition holds, so nothing here sleeps as a way to synchronise.
/// </summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails at the deadline with <paramref name="explain"/>'s text.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan deadline, Func<string>? explain = null, CancellationToken cancellationToken = default)
    {
        await UntilAsync(() => Task.FromResult(condition()), what, deadline, explain, cancellationToken);
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan deadline, Func<string>? explain = null, CancellationToken cancellationToken = default)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > deadline)
            {
                throw new TimeoutException($"waited {deadline.TotalSeconds:F0} s for {what}. {explain?.Invoke()}");
            }

            await Task.Delay(Interval, cancellationToken);
        }
    }
}
