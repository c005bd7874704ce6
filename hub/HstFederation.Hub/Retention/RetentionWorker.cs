using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Retention;

/// <summary>
/// The serving hub's retention schedule, on the injected clock (docs/lifecycle.md §5). Each turn reads the members'
/// messages whose effective retention date falls within the review lead time (plus one check interval) and asks the
/// source of each one whose review is due — at the date minus <see cref="RetentionOptions.ReviewLeadTime"/>, not a
/// tick earlier — and not yet asked for that date. It then sleeps until the next review or date is due, or
/// <see cref="RetentionOptions.CheckInterval"/> has passed (which also picks up messages accepted meanwhile).
/// Reviews are once per date whatever restarts do: the store's primary key decides, not this loop's memory.
/// </summary>
internal sealed class RetentionWorker(
    HubStore store, RetentionReviewer reviewer, RetentionOptions options, TimeProvider time, ILogger<RetentionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        RetentionLog.Scheduled(logger, options.ReviewLeadTime, options.CheckInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store fault: each review is one transaction, so nothing is half done. Log, wait, try again.
                RetentionLog.TurnFailed(logger, e);
                wait = RetryAfter;
            }

            await Task.Delay(wait, time, stoppingToken);
        }
    }

    /// <summary>One turn; returns how long to sleep until the next thing is due. Tests call it directly on a fake clock.</summary>
    internal async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = now + options.CheckInterval;
        var horizon = next + options.ReviewLeadTime;
        var (items, unreadable) = await store.RetentionScheduleAsync(horizon.ToUnixTimeMilliseconds(), cancellationToken);
        if (unreadable > 0)
        {
            RetentionLog.DatesUnreadable(logger, unreadable);
        }

        foreach (var item in items)
        {
            var date = DateTimeOffset.FromUnixTimeMilliseconds(item.Message.RetainUntilMs);
            if (date <= now)
            {
                continue;
            }

            next = Earliest(next, date);
            var reviewAt = date - options.ReviewLeadTime;
            if (item.Reviewed)
            {
                continue;
            }

            if (reviewAt <= now)
            {
                await reviewer.ReviewAsync(item.Message, cancellationToken);
            }
            else
            {
                next = Earliest(next, reviewAt);
            }
        }

        return next - now;
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
