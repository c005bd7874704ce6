namespace HstFederation.Node.Storage;

/// <summary>
/// An in-process wake-up for inbox readers (the agency API's WatchInbox), fired after an inbox
/// transaction committed. A reader takes <see cref="Next"/>, reads the store, and awaits the task only if
/// it found nothing new: a commit after the task was taken completes it, one before is in the read.
/// </summary>
internal sealed class InboxSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Publish"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Publish()
    {
        var fired = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        fired.TrySetResult();
    }
}
