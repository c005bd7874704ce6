using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Retention;

/// <summary>
/// The serving hub's retention schedule, on the injected clock (docs/lifecycle.md §5). Each turn first gives every
/// member's message a lifecycle row (those accepted before migration 5 have none), then reads the active messages whose
/// effective retention date falls within the review lead time plus one check interval: one whose date has come is
/// expired (<see cref="RetentionExpirer"/>); one whose review is due — at the date minus
/// <see cref="RetentionOptions.ReviewLeadTime"/>, not a tick earlier — and not yet asked for that date is reviewed
/// (<see cref="RetentionReviewer"/>). It then sleeps until the next review or date is due, or
/// <see cref="RetentionOptions.CheckInterval"/> has passed, which also picks up messages accepted meanwhile. Reviews are
/// once per date and expiries once per message whatever restarts do: the store decides, not this loop's memory.
/// </summary>
internal sealed class RetentionWorker(
    HubStore store, RetentionReviewer reviewer, RetentionExpirer expirer, RetentionOptions options, TimeProvider time, ILogger<RetentionWorker> logger)
    : BackgroundService
{
    private const int EnsurePage = 500;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    // Every member's message up to here has a lifecycle row; from 0 again after a restart (one pass over the ids).
    private long _ensuredThrough;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        RetentionLog.Scheduled(logger, options.ReviewLeadTime, options.CheckInterval);

        // A store fault: each review and each expiry is one transaction, so nothing is half done.
        await ScheduledTurns.RunAsync(RunOnceAsync, e => RetentionLog.TurnFailed(logger, e), RetryAfter, time, stoppingToken);
    }

    /// <summary>One turn; returns how long to sleep until the next thing is due. Tests call it directly on a fake clock.</summary>
    internal async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        long ensured;
        do
        {
            ensured = _ensuredThrough;
            _ensuredThrough = await store.EnsureLifecycleRowsAsync(ensured, EnsurePage, cancellationToken);
        }
        while (_ensuredThrough != ensured);

        var now = time.GetUtcNow();
        var next = now + options.CheckInterval;
        var items = await store.RetentionScheduleAsync((next + options.ReviewLeadTime).ToUnixTimeMilliseconds(), cancellationToken);
        foreach (var item in items)
        {
            var date = DateTimeOffset.FromUnixTimeMilliseconds(item.Message.RetainUntilMs);
            if (date <= now)
            {
                await expirer.ExpireAsync(item.Message, cancellationToken);
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
