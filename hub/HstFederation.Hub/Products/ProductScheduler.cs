using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Products;

/// <summary>
/// The serving hub's product loop, on the injected clock. Each turn: when the schedule is on, a kind whose last
/// scheduled run is <see cref="ProductOptions.Interval"/> old (or that never ran) gets a new pending run over the
/// last <see cref="ProductOptions.Period"/>; then every pending run — scheduled, or asked for by an operator's
/// `hst-hub products run` in another process — is carried out, oldest first. It then sleeps until the next kind
/// is due or <see cref="ProductOptions.RequestPoll"/> has passed, whichever comes first: that poll of a small
/// indexed table is how a run written by another process reaches this one, whose writer then wakes the
/// recipients' streams like any other delivery. A run that cannot be carried out now stays pending and is tried
/// again after a minute; one that fails on a bug is closed as failed rather than retried for ever. The first turn
/// records the sources of products stored before migration 10 (<see cref="ProductSourceBackfill"/>); if that fails it
/// is tried again a minute later, and the turns go on meanwhile: a run builds new products, whose sources it records
/// itself, so nothing in it waits on the old ones.
/// </summary>
internal sealed class ProductScheduler(
    HubStore store, ProductRunner runner, ProductSourceBackfill backfill, ProductOptions options, TimeProvider time, ILogger<ProductScheduler> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    private DateTimeOffset _retryPendingAt = DateTimeOffset.MinValue;
    private DateTimeOffset? _backfillDueAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Enabled)
        {
            ProductLog.Scheduled(logger, string.Join(',', options.ScheduledKinds.Select(ProductRows.Name)), options.Interval, options.Period);
        }

        // A store fault or a bug outside any run: nothing of a run was half written (each write is one transaction).
        await ScheduledTurns.RunAsync(TurnAsync, e => ProductLog.TurnFailed(logger, e), RetryAfter, time, stoppingToken);
    }

    /// <summary>One turn; returns how long to sleep. Internal for tests that drive it step by step.</summary>
    internal async Task<TimeSpan> TurnAsync(CancellationToken cancellationToken)
    {
        if (_backfillDueAt is { } backfillDue && time.GetUtcNow() >= backfillDue)
        {
            // Products stored before migration 10 get their sources recorded, with the hub's key, before any run.
            try
            {
                await backfill.RunAsync(cancellationToken);
                _backfillDueAt = null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ProductLog.BackfillFailed(logger, e);
                _backfillDueAt = time.GetUtcNow() + RetryAfter;
            }
        }

        var wait = options.RequestPoll;
        if (options.Enabled)
        {
            foreach (var kind in options.ScheduledKinds)
            {
                var now = time.GetUtcNow();
                var last = await store.LastScheduledProductRunAsync(kind, cancellationToken);
                var due = last is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) + options.Interval : now;
                if (due <= now)
                {
                    var period = ProductPeriod.Ending(now, options.Period);
                    await store.AddProductRunAsync(kind, ProductOrigin.Schedule, period.StartMs, period.EndMs, null, PartyId.Hub.Uri, cancellationToken);
                    due = now + options.Interval;
                }

                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, (due - now).Ticks));
            }
        }

        if (time.GetUtcNow() >= _retryPendingAt)
        {
            await RunPendingAsync(cancellationToken);
        }

        return wait;
    }

    private async Task RunPendingAsync(CancellationToken cancellationToken)
    {
        foreach (var run in await store.PendingProductRunsAsync(cancellationToken))
        {
            try
            {
                await runner.RunAsync(run, cancellationToken);
            }
            catch (Exception e) when (e is ProductRunException or StoreUnavailableException)
            {
                ProductLog.RunPostponed(logger, run.RunId, e.Message);
                _retryPendingAt = time.GetUtcNow() + RetryAfter;
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ProductLog.RunFailed(logger, e, run.RunId);
                await store.CompleteProductRunAsync(run.RunId, 0, "failed: internal error (the hub's log has it)", cancellationToken);
            }
        }
    }
}
