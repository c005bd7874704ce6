using System.Collections.Concurrent;
using Grpc.Core;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Telemetry;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Subscriptions;

/// <summary>
/// Subscribe: pages deliveries out of the store by cursor and waits on the store's signal when there
/// is nothing left — no queue in memory, so a slow or absent subscriber costs only disk. The loop
/// ends as soon as the call is cancelled (the client went away or the hub is stopping).
/// </summary>
internal sealed class SubscriptionStream(HubStore store, HubMetrics metrics, HubOptions options)
{
    private readonly ConcurrentDictionary<PartyId, int> _perMember = new();
    private const long PageBytes = 1024 * 1024;

    private int _active;

    private TimeSpan ReauthorizeEvery => options.RegistryRefresh > TimeSpan.FromSeconds(1) ? options.RegistryRefresh : TimeSpan.FromSeconds(1);

    /// <summary>Streams currently running; observable so tests can see handlers end when clients leave.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <param name="stillAllowed">
    /// Re-checks the caller (certificate against the current CRL, member status) at least every
    /// <see cref="HubOptions.RegistryRefresh"/>-bounded interval, so suspension or revocation also ends streams
    /// that were already open.
    /// </param>
    public async Task RunAsync(
        PartyId subscriber, long afterCursor, IServerStreamWriter<Protocol.V1.Delivery> output, Func<CancellationToken, Task> stillAllowed, CancellationToken cancellationToken)
    {
        if (_perMember.AddOrUpdate(subscriber, 1, (_, open) => open + 1) > options.MaxStreamsPerMember)
        {
            _perMember.AddOrUpdate(subscriber, 0, (_, open) => open - 1);
            throw new HubRejectionException(StatusCode.ResourceExhausted, RejectionReason.RateLimited, $"{subscriber} already holds {options.MaxStreamsPerMember} streams", TimeSpan.FromSeconds(5));
        }

        Interlocked.Increment(ref _active);
        try
        {
            await StreamAsync(subscriber, afterCursor, output, stillAllowed, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            _perMember.AddOrUpdate(subscriber, 0, (_, open) => open - 1);
        }
    }

    private async Task StreamAsync(
        PartyId subscriber, long afterCursor, IServerStreamWriter<Protocol.V1.Delivery> output, Func<CancellationToken, Task> stillAllowed, CancellationToken cancellationToken)
    {
        var cursor = afterCursor;
        while (!cancellationToken.IsCancellationRequested)
        {
            await stillAllowed(cancellationToken);
            // A page holds at most ~1 MiB of payload (always at least one delivery): a stalled stream pins little.
            var page = await store.ReadDeliveriesAsync(subscriber, cursor, options.DeliveryPageSize, PageBytes, cancellationToken);
            foreach (var delivery in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await output.WriteAsync(delivery.ToDelivery(), cancellationToken);
                metrics.Delivered(1);
                cursor = delivery.Cursor;
            }

            if (page.Count > 0)
            {
                // One audit entry per page sent (content never), written like any other through the writer.
                await store.AuditAsync(subscriber.Uri, AuditActions.Deliver, null, $"cursors {page[0].Cursor}-{cursor} ({page.Count})", CancellationToken.None);
            }

            if (page.Count == 0)
            {
                // Completes at once if something above the cursor was committed after the read; otherwise
                // wakes up after a while anyway, to re-check that the subscriber is still allowed.
                using var recheck = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                recheck.CancelAfter(ReauthorizeEvery);
                try
                {
                    await store.WaitForNewAsync(subscriber, cursor, recheck.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Time to re-check; loop.
                }
            }
        }
    }
}
