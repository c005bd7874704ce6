using System.Collections.Concurrent;
using Grpc.Core;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Security;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Telemetry;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Subscriptions;

/// <summary>
/// Subscribe: pages deliveries out of the store by cursor and waits on the store's signal when there
/// is nothing left — no queue in memory, so a slow or absent subscriber costs only disk. The loop
/// ends as soon as the call is cancelled (the client went away or the hub is stopping). Every page sent is
/// audited (<see cref="DeliverAudit"/>: its entry commits while the next page is read and sent), and so is the stream's
/// opening (<c>subscribe</c>), both with the caller's TLS client certificate.
/// </summary>
internal sealed class SubscriptionStream(HubStore store, HubMetrics metrics, HubOptions options, TimeProvider time, ILogger<SubscriptionStream> logger)
{
    private readonly ConcurrentDictionary<PartyId, int> _perMember = new();

    /// <summary>
    /// A stream's opening is audited once a minute per member and certificate: a node reconnecting in a loop must not write
    /// an entry (through the writer every submission waits for) per attempt. Every page it is sent is audited regardless.
    /// </summary>
    private readonly AuditThrottle<(PartyId, string?)> _openingAudit = new(TimeSpan.FromMinutes(1));
    private const long PageBytes = 1024 * 1024;

    /// <summary>Payload written to the response before it is flushed even in the middle of a page.</summary>
    private const long FlushBytes = 64 * 1024;

    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
    private static readonly WriteOptions Flushing = new();

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
        CallerIdentity caller, long afterCursor, bool receiptBatches, IServerStreamWriter<Protocol.V1.Delivery> output, Func<CancellationToken, Task> stillAllowed,
        CancellationToken cancellationToken)
    {
        var subscriber = caller.Party;
        RefuseCursorAheadOfHub(subscriber, afterCursor);
        var againThrough = AcknowledgedBeforeRestore(afterCursor);
        if (_perMember.AddOrUpdate(subscriber, 1, (_, open) => open + 1) > options.MaxStreamsPerMember)
        {
            _perMember.AddOrUpdate(subscriber, 0, (_, open) => open - 1);
            throw new HubRejectionException(StatusCode.ResourceExhausted, RejectionReason.RateLimited, $"{subscriber} already holds {options.MaxStreamsPerMember} streams", TimeSpan.FromSeconds(5));
        }

        Interlocked.Increment(ref _active);
        try
        {
            await StreamAsync(caller, afterCursor, againThrough, receiptBatches, output, stillAllowed, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            _perMember.AddOrUpdate(subscriber, 0, (_, open) => open - 1);
        }
    }

    /// <summary>
    /// A member's cursor beyond every cursor this hub assigned means this database is behind the one that gave it out (a
    /// backup put back without `hst-hub restore`): the hub would number new deliveries below that cursor and the member,
    /// which subscribes after it, would skip them for good. Refused rather than streamed, and said loudly on both sides;
    /// the member keeps its cursor (reset, it would be given again what it already holds or skip what it does not).
    /// </summary>
    private void RefuseCursorAheadOfHub(PartyId subscriber, long afterCursor)
    {
        var highest = store.HighestCursorAssigned();
        if (afterCursor <= highest)
        {
            return;
        }

        SubscriptionLog.CursorAheadOfHub(logger, subscriber.Uri, afterCursor, highest);
        throw HubRejectionException.Of(RejectionReason.UnknownCursor,
            $"after_cursor {afterCursor} is beyond the highest cursor this hub ever assigned ({highest}): the hub's database is behind this member's " +
            "(restored from a backup without 'hst-hub restore'), so deliveries after the backup are not at the hub and new ones would be skipped. " +
            "Nothing is streamed until the General Secretariat runs 'hst-hub restore'; keep this node's cursor as it is");
    }

    /// <summary>
    /// After `hst-hub restore`, a member's cursor handed out before it (below the restore's first cursor) may have passed
    /// deliveries the member acknowledged at the replaced database, which this one holds as never acknowledged: the member
    /// never streams them again, so the source would be told at their expiry that they never arrived. The stream sends
    /// those still unacknowledged at or below the cursor again first (returns the cursor), and the member's node, which
    /// stores them once, answers with its signed delivery receipt as for any repeat: acknowledged on the receipt, never on
    /// the cursor's word. Returns 0 (nothing again) for a database never restored or a cursor handed out since: the
    /// member then acknowledged or quarantined everything below it at this database, and a node never stores a cursor past
    /// a delivery it has not done with.
    /// </summary>
    private long AcknowledgedBeforeRestore(long afterCursor) =>
        afterCursor > 0 && store.CursorFromLastRestore() is { } cursorFrom && afterCursor < cursorFrom ? afterCursor : 0;

    private async Task StreamAsync(
        CallerIdentity caller, long afterCursor, long againThrough, bool receiptBatches, IServerStreamWriter<Protocol.V1.Delivery> output,
        Func<CancellationToken, Task> stillAllowed, CancellationToken cancellationToken)
    {
        var subscriber = caller.Party;
        var cursor = afterCursor;
        var audit = new DeliverAudit(store, subscriber, caller.Certificate);
        if (_openingAudit.IsDue((subscriber, caller.Certificate), time.GetUtcNow()))
        {
            audit.Opened(afterCursor);
        }

        try
        {
            if (againThrough > 0)
            {
                await SendAgainAsync(subscriber, againThrough, receiptBatches, output, audit, stillAllowed, cancellationToken);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                await stillAllowed(cancellationToken);
                // A page holds at most ~1 MiB of payload (always at least one delivery): a stalled stream pins little.
                var page = await store.ReadDeliveriesAsync(subscriber, cursor, options.DeliveryPageSize, PageBytes, cancellationToken);
                await SendAsync(page, receiptBatches, output, audit, cancellationToken);
                if (page.Count > 0)
                {
                    cursor = page[^1].Cursor;
                }

                // A page the store ran out of rows for is the end of what was committed when it was read: unless more has
                // been committed since, wait rather than read again for nothing (the wait returns for anything committed
                // after this check). When more has, read on at once, the last page's entry committing meanwhile.
                if (CaughtUp(page) && !store.HasNewDeliveries(subscriber, cursor))
                {
                    // Idle: nothing to overlap the last entry with, so a failed write ends the stream now.
                    await audit.FlushAsync();
                    await WaitForNewAsync(subscriber, cursor, cancellationToken);
                }
            }
        }
        finally
        {
            // The handler ends only once the last page's entry has committed, also when the client left.
            await audit.FlushAsync();
        }
    }

    /// <summary>
    /// The member's deliveries at or below <paramref name="throughCursor"/> neither acknowledged nor withdrawn (a recalled,
    /// expired or withdrawn one is never sent again), a page at a time and audited as any page, in cursor order.
    /// </summary>
    private async Task SendAgainAsync(
        PartyId subscriber, long throughCursor, bool receiptBatches, IServerStreamWriter<Protocol.V1.Delivery> output, DeliverAudit audit,
        Func<CancellationToken, Task> stillAllowed, CancellationToken cancellationToken)
    {
        if (store.FirstUnacknowledgedCursor(subscriber, throughCursor) is not { } first)
        {
            return;
        }

        var cursor = first - 1;
        var sent = 0;
        while (true)
        {
            await stillAllowed(cancellationToken);
            var page = await store.ReadUnacknowledgedAsync(subscriber, cursor, throughCursor, options.DeliveryPageSize, PageBytes, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            await SendAsync(page, receiptBatches, output, audit, cancellationToken);
            sent += page.Count;
            cursor = page[^1].Cursor;
            if (CaughtUp(page))
            {
                break;
            }
        }

        if (sent > 0)
        {
            SubscriptionLog.SentAgainAfterRestore(logger, subscriber.Uri, sent, throughCursor);
        }
    }

    /// <summary>Whether the read ended because the store had no more rows, not at the page's bounds (then more may be waiting).</summary>
    private bool CaughtUp(IReadOnlyList<StoredDelivery> page)
    {
        if (page.Count >= options.DeliveryPageSize)
        {
            return false;
        }

        long bytes = 0;
        foreach (var delivery in page)
        {
            bytes += delivery.Payload.Length;
        }

        return bytes < PageBytes;
    }

    /// <summary>
    /// Writes a page, flushing the response only after its last item or, in a large page, after a delivery that took the
    /// payload written since the last flush past <see cref="FlushBytes"/> (gRPC flushes every streamed write unless it
    /// carries <see cref="WriteFlags.BufferHint"/>): one HTTP/2 flush, TLS record run and socket send per page rather than
    /// per item. What was written counts as sent and is audited, flushed or not, also when the stream ends in the middle of
    /// a page: a hub that stops still sends what it buffered before the call's trailers, and an entry that names a
    /// delivery the client never got is the lesser fault (its acknowledgement is what proves receipt).
    /// </summary>
    private async Task SendAsync(
        IReadOnlyList<StoredDelivery> page, bool receiptBatches, IServerStreamWriter<Protocol.V1.Delivery> output, DeliverAudit audit, CancellationToken cancellationToken)
    {
        var items = new List<(int Delivery, Protocol.V1.Delivery Item)>(page.Count);
        for (var index = 0; index < page.Count; index++)
        {
            foreach (var item in page[index].ToDeliveries(receiptBatches))
            {
                items.Add((index, item));
            }
        }

        var sent = 0;
        try
        {
            var next = 0;
            long unflushed = 0;
            for (var index = 0; index < page.Count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                unflushed += page[index].Payload.Length;
                for (; next < items.Count && items[next].Delivery == index; next++)
                {
                    var endsDelivery = next + 1 == items.Count || items[next + 1].Delivery != index;
                    var flush = next + 1 == items.Count || (endsDelivery && unflushed >= FlushBytes);
                    output.WriteOptions = flush ? Flushing : Buffered;
                    await output.WriteAsync(items[next].Item, cancellationToken);
                    metrics.Delivered(1);
                    if (flush)
                    {
                        unflushed = 0;
                    }
                }

                sent++;
            }
        }
        finally
        {
            // What was written is audited even when the client leaves in the middle of a page.
            if (sent > 0)
            {
                await audit.RecordAsync(page[0].Cursor, page[sent - 1].Cursor, sent);
            }
        }
    }

    private async Task WaitForNewAsync(PartyId subscriber, long cursor, CancellationToken cancellationToken)
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
