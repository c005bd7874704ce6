namespace HstFederation.Node.HubLink;

/// <summary>
/// A sender's loop (the outbox, the order outbox): one pass, then wait for the poll interval (or what the sender says,
/// e.g. a backoff after failed passes) on the node's clock or for a <see cref="Nudge"/> (something was just queued in this
/// process), whichever comes first, until stopped.
/// </summary>
internal sealed class NudgedLoop(TimeProvider time, TimeSpan pollInterval)
{
    private readonly SemaphoreSlim _nudge = new(0, 1);

    public void Nudge()
    {
        try
        {
            _nudge.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already nudged.
        }
    }

    /// <param name="interval">How long to wait after a pass (the poll interval unless given): longer after failed passes.</param>
    public async Task RunAsync(Func<CancellationToken, Task> pass, CancellationToken cancellationToken, Func<TimeSpan>? interval = null)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await pass(cancellationToken).ConfigureAwait(false);
            using var poll = new CancellationTokenSource(interval?.Invoke() ?? pollInterval, time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, poll.Token);
            try
            {
                await _nudge.WaitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The poll interval passed.
            }
        }
    }
}
