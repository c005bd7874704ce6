using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Storage;

/// <summary>
/// Wakes subscribers when a commit added deliveries for them, so a stream waits instead of polling. It
/// remembers, per recipient, the highest cursor committed since the process started: a subscriber that
/// read up to cursor N and then asks to wait returns at once if something above N was committed in
/// between. One pending signal per recipient at most; a cancelled wait leaves nothing behind.
/// </summary>
internal sealed class DeliverySignals
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>Recipients with a pending signal (bounded by the number of parties).</summary>
    public int PendingSignals
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>
    /// Completes when a delivery with a cursor above <paramref name="afterCursor"/> has been committed for
    /// <paramref name="recipient"/> (at once if one already was); then read again from the store.
    /// </summary>
    public Task WaitForNewAsync(PartyId recipient, long afterCursor, CancellationToken cancellationToken)
    {
        TaskCompletionSource? signal;
        lock (_lock)
        {
            if (_latest.TryGetValue(recipient.Uri, out var latest) && latest > afterCursor)
            {
                return Task.CompletedTask;
            }

            if (!_waiting.TryGetValue(recipient.Uri, out signal))
            {
                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add(recipient.Uri, signal);
            }
        }

        return signal.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Whether a delivery above <paramref name="afterCursor"/> has been committed (and published) for <paramref name="recipient"/>.</summary>
    public bool HasNewer(PartyId recipient, long afterCursor)
    {
        lock (_lock)
        {
            return _latest.TryGetValue(recipient.Uri, out var latest) && latest > afterCursor;
        }
    }

    /// <summary>Called by the writer after a commit, with the deliveries that commit added.</summary>
    public void Publish(IReadOnlyList<(string Recipient, long Cursor)> deliveries)
    {
        if (deliveries.Count == 0)
        {
            return;
        }

        var wake = new List<TaskCompletionSource>();
        lock (_lock)
        {
            foreach (var (recipient, cursor) in deliveries)
            {
                if (!_latest.TryGetValue(recipient, out var latest) || cursor > latest)
                {
                    _latest[recipient] = cursor;
                }

                if (_waiting.Remove(recipient, out var signal))
                {
                    wake.Add(signal);
                }
            }
        }

        foreach (var signal in wake)
        {
            signal.TrySetResult();
        }
    }
}
