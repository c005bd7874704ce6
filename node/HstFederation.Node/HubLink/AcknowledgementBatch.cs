using HstFederation.Node.Storage;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>
/// Collects the acknowledgements of one subscription and sends them to the hub in batches: when
/// <see cref="HubLinkOptions.AckBatchSize"/> are waiting, or <see cref="HubLinkOptions.AckFlushInterval"/>
/// after the first one waited. The stored cursor moves only after the hub took the batch, so a crash
/// in between replays those deliveries; they are stored as repeats and acknowledged again.
/// Deliveries that were quarantined carry no acknowledgement; the subscriber flushes the batch before it
/// quarantines one (the quarantine moves the stored cursor), so the cursor never passes an unsent acknowledgement.
/// The delivery receipts of a batch are signed together as it is sent, through one Merkle root (docs/protocol.md §12.2):
/// one signature per call for this node, one verification for the hub. A batch sent again keeps the receipts it signed.
/// </summary>
internal sealed class AcknowledgementBatch(Hub.HubClient client, NodeStore store, HubLinkOptions options, TimeProvider time, PartyCredentials me)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim _flush = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<Acknowledgement> _pending = [];
    private ulong _pendingCursor;
    private static readonly TimeSpan AcknowledgeTimeout = TimeSpan.FromSeconds(30);
    private ITimer? _timer;

    /// <summary>Adds the outcome of the delivery at <paramref name="cursor"/>; flushes when the batch is full.</summary>
    public async Task AddAsync(Acknowledgement? acknowledgement, ulong cursor, CancellationToken cancellationToken)
    {
        bool full;
        lock (_gate)
        {
            if (acknowledgement is not null)
            {
                _pending.Add(acknowledgement);
            }

            _pendingCursor = cursor;
            full = _pending.Count >= options.AckBatchSize;
            _timer ??= time.CreateTimer(_ => _ = FlushFromTimerAsync(cancellationToken), null, options.AckFlushInterval, Timeout.InfiniteTimeSpan);
        }

        if (full)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends what is waiting and then moves the stored cursor past it.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flush.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<Acknowledgement> batch;
            ulong cursor;
            lock (_gate)
            {
                batch = [.. _pending];
                cursor = _pendingCursor;
                _pending.Clear();
                _pendingCursor = 0;
                _timer?.Dispose();
                _timer = null;
            }

            if (cursor == 0)
            {
                return;
            }

            try
            {
                if (batch.Count > 0)
                {
                    PendingReceipts.Sign(batch, me, options.SignReceiptsInBatches);
                    using var timeout = new CancellationTokenSource(AcknowledgeTimeout, time);
                    using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                    await client.AcknowledgeAsync(new AcknowledgeRequest { Acknowledgements = { batch } }, cancellationToken: call.Token).ConfigureAwait(false);
                }

                await store.SetCursorAsync((long)cursor, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Not sent (or the cursor not stored): the batch stays pending, ahead of anything added since, so
                // no later flush — e.g. before a quarantine moves the cursor — can pass over it.
                lock (_gate)
                {
                    _pending.InsertRange(0, batch);
                    _pendingCursor = Math.Max(_pendingCursor, cursor);
                }

                throw;
            }
        }
        finally
        {
            _flush.Release();
        }
    }

    /// <summary>Stops the timer and waits for a flush in flight, so nothing uses the call after it is disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }

        await _flush.WaitAsync().ConfigureAwait(false);
        _flush.Release();
        _flush.Dispose();
    }

    private async Task FlushFromTimerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The batch is pending again: try again after the interval. If the hub is gone the stream fails too
            // and the subscription reconnects from the stored cursor, which never passed an unsent acknowledgement.
            lock (_gate)
            {
                _timer ??= time.CreateTimer(_ => _ = FlushFromTimerAsync(cancellationToken), null, options.AckFlushInterval, Timeout.InfiniteTimeSpan);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
