namespace HstFederation.Hub.Hosting;

/// <summary>
/// The loop of the hub's scheduled workers (analytical products, retention) on the injected clock: one turn, then sleep
/// for as long as the turn says. A turn that throws is reported and tried again after <c>retryAfter</c>: each worker
/// writes in whole transactions, so a failed turn leaves nothing half done, and neither is worth stopping the hub for.
/// </summary>
internal static class ScheduledTurns
{
    public static async Task RunAsync(
        Func<CancellationToken, Task<TimeSpan>> turn, Action<Exception> failed, TimeSpan retryAfter, TimeProvider time, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await turn(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed(e);
                wait = retryAfter;
            }

            await Task.Delay(wait, time, stoppingToken);
        }
    }
}
