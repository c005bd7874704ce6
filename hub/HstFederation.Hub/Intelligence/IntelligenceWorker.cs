using HstFederation.Entities;
using HstFederation.Hub.Directory;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Outbound;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Identities;

namespace HstFederation.Hub.Intelligence;

/// <summary>
/// Processes every accepted message once, in hub sequence order, from the durable marker (docs/intelligence.md §2):
/// at start it rebuilds the entity index from the stored entities and catches up; then it waits for the writer to
/// commit a new message (no polling). Each batch's entities, hits, notifications and marker commit in one
/// transaction (<see cref="IntelligenceCommit"/>); a batch that cannot commit is taken out of the index again and
/// retried after a pause, and a kill at any point resumes from the last committed marker. A batch that leaves nothing
/// to keep (messages the hub may not read, without tokens or hits: most of a busy hub's traffic) writes nothing: the
/// marker's stored copy follows with the next batch that writes, before the worker waits, or after
/// <see cref="MaxUnrecorded"/> messages, and a restart processes those few again, to the same (empty) effect.
/// </summary>
internal sealed class IntelligenceWorker(
    HubStore store, HubOutbound outbound, MemberRegistry registry, HubCredentials credentials, HubOptions options, MatchingOptions matching,
    TimeProvider time, ILogger<IntelligenceWorker> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    /// <summary>Envelope bytes read per batch at most (always at least one message): a batch of large messages pins little memory.</summary>
    private const long BatchBytes = 8 * 1024 * 1024;

    /// <summary>How far the marker may run ahead of its stored copy on batches that wrote nothing: what a restart reads again at most.</summary>
    private const long MaxUnrecorded = 1024;

    // The same wait-for-a-higher-number signal the store uses, so tests (and shutdown) can wait for a given message.
    private readonly DeliverySignals _processed = new();
    private long _processedThrough;

    /// <summary>The marker as this process last committed or read it.</summary>
    public long ProcessedThrough => Interlocked.Read(ref _processedThrough);

    /// <summary>
    /// Completes once every message up to <paramref name="hubSequence"/> has been processed and what it left committed
    /// (a message that left nothing may not have its marker stored yet).
    /// </summary>
    public async Task WaitForProcessedAsync(long hubSequence, CancellationToken cancellationToken)
    {
        // The signal wakes every waiter at each commit, whatever it waits for: check, and wait again if not there yet.
        while (ProcessedThrough < hubSequence)
        {
            await _processed.WaitForNewAsync(PartyId.Hub, ProcessedThrough, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Intelligence;
        if (!settings.Enabled)
        {
            IntelligenceLog.Disabled(logger);
            return;
        }

        // Off the host's start-up path: rebuilding the index reads every stored entities row.
        await Task.Yield();
        IntelligenceIndex Load() => IntelligenceIndex.Load(store, matching, (hubSequence, error) => IntelligenceLog.EntitiesUnreadable(logger, error, hubSequence));
        var index = Load();
        var marker = store.ReadProcessedThrough();
        var recorded = marker;
        Processed(marker);
        IntelligenceLog.Rebuilt(logger, index.Messages, index.Entities, marker);
        var processor = new MessageProcessor(store, credentials, settings, time, index);
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = store.ReadMessagesAfter(marker, settings.BatchSize, BatchBytes);
                if (batch.Count == 0)
                {
                    if (marker != recorded)
                    {
                        // Caught up: the stored marker catches up too, so a restart does not read these messages again.
                        var through = marker;
                        await store.WriteAsync(
                            context =>
                            {
                                IntelligenceTransaction.Advance(context, recorded, through);
                                return through;
                            },
                            stoppingToken);
                        recorded = marker;
                    }

                    await store.WaitForAcceptedAsync(marker, stoppingToken);
                    continue;
                }

                // Recalled, expired and superseded messages leave the index before anything new is matched against it.
                foreach (var withdrawn in store.Withdrawals.TakeAll())
                {
                    index.Remove(withdrawn);
                }

                var policy = await registry.PolicyAsync(stoppingToken);
                (marker, recorded) = await ProcessAsync(processor, index, recorded, batch, policy, stoppingToken);
                retry = FirstRetry;
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A store fault or a bug: the hub keeps serving; the batch is retried from the marker.
                IntelligenceLog.BatchFailed(logger, error, marker + 1, retry);
                await Task.Delay(retry, time, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));

                // A write that failed after its commit (e.g. the acknowledgement was lost) moved the marker, and the
                // index dropped entities the store now holds: take both from the store again rather than stall.
                var stored = TryReadProcessedThrough();
                if (stored is { } moved && moved != recorded)
                {
                    index = Load();
                    marker = recorded = moved;
                    processor = new MessageProcessor(store, credentials, settings, time, index);
                    Processed(marker);
                }
                else if (stored is not null)
                {
                    // Nothing committed: the batches after the stored marker left nothing in the index; read them again.
                    marker = recorded;
                }
            }
        }
    }

    /// <summary>The stored marker, or null while the store cannot be read (the next attempt tries again).</summary>
    private long? TryReadProcessedThrough()
    {
        try
        {
            return store.ReadProcessedThrough();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Processes <paramref name="batch"/>; returns the new marker and its stored copy (<paramref name="recorded"/> if nothing was written).</summary>
    private async Task<(long Marker, long Recorded)> ProcessAsync(
        MessageProcessor processor, IntelligenceIndex index, long recorded, IReadOnlyList<StoredMessage> batch,
        Protocol.Envelope.HandlingPolicy policy, CancellationToken cancellationToken)
    {
        var processed = new List<ProcessedMessage>(batch.Count);
        var last = batch[^1].HubSequence;
        try
        {
            foreach (var message in batch)
            {
                processed.Add(processor.Process(message, policy));
            }

            if (processed.TrueForAll(p => p.LeavesNothing) && last - recorded < MaxUnrecorded)
            {
                Processed(last);
                return (last, recorded);
            }

            var notifications = await store.WriteAsync(context => IntelligenceCommit.Execute(context, outbound, recorded, processed), cancellationToken);
            IntelligenceLog.Processed(logger, batch[0].HubSequence, batch[^1].HubSequence, processed.Sum(p => p.Hits.Count), notifications);
        }
        catch
        {
            // Nothing of the batch was committed: the index must not keep what the store does not hold.
            foreach (var message in batch)
            {
                index.Remove(message.HubSequence);
            }

            throw;
        }

        Processed(last);
        return (last, last);
    }

    private void Processed(long marker)
    {
        Interlocked.Exchange(ref _processedThrough, marker);
        _processed.Publish([(PartyId.Hub.Uri, marker)]);
    }
}
