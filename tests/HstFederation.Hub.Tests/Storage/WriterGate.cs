using HstFederation.Hub.Storage;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// Holds the store's writer inside one operation so that the test can queue work behind it, then lets it go:
/// everything queued meanwhile is taken as one batch. Waits are bounded; nothing sleeps.
/// </summary>
internal sealed class WriterGate : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _release = new();
    private readonly HubStore _store;

    private WriterGate(HubStore store)
    {
        _store = store;
        Held = store.WriteAsync(
            _ =>
            {
                _entered.Set();
                return _release.Wait(Deadline);
            },
            CancellationToken.None);
    }

    public Task<bool> Held { get; }

    /// <summary>Returns once the writer is blocked inside the gate.</summary>
    public static WriterGate Close(HubStore store)
    {
        var gate = new WriterGate(store);
        Assert.True(gate._entered.Wait(Deadline) || gate.Held.IsCompleted, "the writer never reached the gate");
        return gate;
    }

    /// <summary>Waits until <paramref name="count"/> operations are queued behind the gate.</summary>
    public void WaitForQueued(int count) =>
        Assert.True(SpinWait.SpinUntil(() => _store.QueuedWrites >= count, Deadline), $"{_store.QueuedWrites} of {count} writes queued");

    public async Task OpenAsync()
    {
        _release.Set();
        Assert.True(await Held.WaitAsync(Deadline));
    }

    public async ValueTask DisposeAsync()
    {
        _release.Set();
        await Held.WaitAsync(Deadline);
        _entered.Dispose();
        _release.Dispose();
    }
}
