using System.Text.RegularExpressions;
using Grpc.Core;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Security;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Subscriptions;
using HstFederation.Hub.Telemetry;
using HstFederation.Hub.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Subscriptions;

/// <summary>
/// The stream's flushes and its <c>deliver</c> audit entries on a real store: one flush per page (more only for a large
/// one), entries written while the next page is sent, covering every delivery written to the stream when it ends,
/// however it ends, flushed or still buffered.
/// </summary>
public sealed partial class SubscriptionStreamTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_WriterHeldAfterTheFirstPage_SendsTheSecondBeforeItsEntryCommits()
    {
        await using var temp = TempStore.Create();
        await SubmitAsync(temp, 6);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var leave = new CancellationTokenSource();
        var output = new RecordingWriter(expected: 4);

        Task run;
        await using (var gate = WriterGate.Close(temp.Store))
        {
            run = Stream(temp, services, pageSize: 2).RunAsync(new CallerIdentity(DE, "01"), 0, receiptBatches: true, output, _ => Task.CompletedTask, leave.Token);

            // The first page's entry waits behind the gate; the second page is sent all the same.
            await output.Reached.WaitAsync(Deadline);
            Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'deliver';"));
            await leave.CancelAsync();
            await gate.OpenAsync();
        }

        await EndedAsync(run);

        // The stream ended after its last entry committed, not merely after issuing it.
        AssertAuditCovers(temp, output.Cursors);
        Assert.True(HubAudit.Verify(temp.Store.Database).IsIntact);
    }

    [Fact]
    public async Task RunAsync_MoreCommittedWhileAShortPageWasSent_ReadsOnBeforeThePagesEntryCommits()
    {
        await using var temp = TempStore.Create();
        await SubmitAsync(temp, 2);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var leave = new CancellationTokenSource();
        WriterGate? gate = null;

        // As the short first page's last delivery is written: a third message commits, then the writer is held, so the
        // page's entry cannot commit. The stream must read on and send the third anyway, as it did when it always read again.
        var output = new RecordingWriter(expected: 2, onReached: () =>
        {
            temp.Store.SubmitAsync(Make(FR, 3, DE)).GetAwaiter().GetResult();
            gate = WriterGate.Close(temp.Store);
        });
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        output.OnWrite = count => { if (count == 3) { third.TrySetResult(); } };

        var run = Stream(temp, services, pageSize: 10).RunAsync(new CallerIdentity(DE, "01"), 0, receiptBatches: true, output, _ => Task.CompletedTask, leave.Token);
        try
        {
            await third.Task.WaitAsync(Deadline);
            Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'deliver';"));
        }
        finally
        {
            await leave.CancelAsync();
            if (gate is not null)
            {
                await gate.DisposeAsync();
            }
        }

        await EndedAsync(run);
        Assert.Equal(3, output.Cursors.Count);
        AssertAuditCovers(temp, output.Cursors);
    }

    [Fact]
    public async Task RunAsync_ClientLeavesInTheMiddleOfAPage_TheDeliveriesWrittenAreAudited_FlushedOrStillBuffered()
    {
        await using var temp = TempStore.Create();
        await SubmitAsync(temp, 8);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var leave = new CancellationTokenSource();
        var output = new RecordingWriter(expected: 7, onReached: leave.Cancel);

        var run = Stream(temp, services, pageSize: 4).RunAsync(new CallerIdentity(DE, "01"), 0, receiptBatches: true, output, _ => Task.CompletedTask, leave.Token);

        await EndedAsync(run);

        // The second page's three were still buffered when the stream ended: a stopping hub sends them before the trailers,
        // so they are audited as written, like the flushed first page.
        Assert.Equal(4, output.Cursors.Count);
        Assert.Equal(3, output.Buffered.Count);
        AssertAuditCovers(temp, output.Written);
        Assert.Equal(["(4)", "(3)"], DeliverCounts(temp));
    }

    [Fact]
    public async Task RunAsync_FlushesOncePerPage_AndMidPageOnceItsPayloadPassesTheFlushSize()
    {
        await using var temp = TempStore.Create();
        await SubmitAsync(temp, 3);
        await SubmitAsync(temp, first: 4, last: 6, bytes: 40 * 1024);

        var output = await RunUntilWrittenAsync(temp, pageSize: 3, writes: 6);

        // Small deliveries: one flush, after the page's last. 40 KiB ones: a flush once 64 KiB passed (after the second), then the last.
        Assert.Equal([false, false, true, false, true, true], output.Flushes);
        Assert.Equal(6, output.Cursors.Count);
        AssertAuditCovers(temp, output.Cursors);
        Assert.Equal(["(3)", "(3)"], DeliverCounts(temp));
    }

    [Fact]
    public async Task RunAsync_ABatchOfReceiptsToASubscriberWithoutBatches_ItsItemsGoInOneFlush_AfterTheLast()
    {
        await using var temp = TempStore.Create();
        await SubmitAsync(temp, 2);
        var forDe = await temp.Store.ReadDeliveriesAsync(DE, 0, 10);
        await temp.Store.AcknowledgeAsync(DE, [.. forDe.Select((delivery, i) => DeliveryAck.Of(delivery.Cursor, DeliveryReceipt($"receipt {i}")))]);

        // One relay row carrying both receipts: a node from before batches gets each as its own item under the row's cursor.
        var output = await RunUntilWrittenAsync(temp, pageSize: 10, writes: 2, subscriber: FR, receiptBatches: false);

        Assert.Equal([false, true], output.Flushes);
        Assert.Single(output.Cursors.Distinct());
        Assert.Equal(["(1)"], DeliverCounts(temp));
    }

    [Fact]
    public async Task RunAsync_BacklogFromBeforeTheStoreOpened_PageCutAtItsByteBound_ReadsOnWithoutWaitingForACommit()
    {
        await using var temp = TempStore.Create();
        await SubmitAsync(temp, first: 1, last: 3, bytes: 600 * 1024);

        // Reopened: nothing committed since, so no signal would wake a stream that waited after the first page (two
        // deliveries, cut at 1 MiB, far below the page size): only reading on delivers the third.
        await temp.ReopenAsync();
        var output = await RunUntilWrittenAsync(temp, pageSize: 256, writes: 3);

        Assert.Equal(3, output.Cursors.Count);
        Assert.Equal(["(2)", "(1)"], DeliverCounts(temp));
    }

    /// <summary>Runs a stream (DE's unless told) from cursor 0 until <paramref name="writes"/> items were written, then ends it as a leaving client does.</summary>
    private static async Task<RecordingWriter> RunUntilWrittenAsync(
        TempStore temp, int pageSize, int writes, Protocol.Identities.PartyId? subscriber = null, bool receiptBatches = true)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var leave = new CancellationTokenSource();
        var output = new RecordingWriter(expected: writes);
        var run = Stream(temp, services, pageSize).RunAsync(new CallerIdentity(subscriber ?? DE, "01"), 0, receiptBatches, output, _ => Task.CompletedTask, leave.Token);
        await output.Reached.WaitAsync(Deadline);
        await leave.CancelAsync();
        await EndedAsync(run);
        return output;
    }

    /// <summary>The count at the end of each <c>deliver</c> entry, e.g. "(4)", in order.</summary>
    private static IEnumerable<string> DeliverCounts(TempStore temp) =>
        DeliverDetails(temp).Select(detail => detail[detail.IndexOf('(')..]);

    private static SubscriptionStream Stream(TempStore temp, IServiceProvider services, int pageSize) =>
        new(temp.Store,
            new HubMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                new QueueDepths(temp.Store, temp.Time, NullLogger<QueueDepths>.Instance), temp.Store),
            // No periodic re-check within a test: a stream that waits when it should read on would be woken by it.
            new HubOptions { DeliveryPageSize = pageSize, RegistryRefresh = TimeSpan.FromHours(1) },
            temp.Time,
            NullLogger<SubscriptionStream>.Instance);

    /// <summary>A cancelled stream ends quietly (seen at the top of its loop) or with the cancellation.</summary>
    private static async Task EndedAsync(Task run)
    {
        try
        {
            await run.WaitAsync(Deadline);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task SubmitAsync(TempStore temp, int messages)
    {
        for (var sequence = 1; sequence <= messages; sequence++)
        {
            await temp.Store.SubmitAsync(Make(FR, sequence, DE));
        }
    }

    /// <summary>Messages <paramref name="first"/>..<paramref name="last"/> from FR to DE, each an envelope of <paramref name="bytes"/>.</summary>
    private static async Task SubmitAsync(TempStore temp, int first, int last, int bytes)
    {
        for (var sequence = first; sequence <= last; sequence++)
        {
            await temp.Store.SubmitAsync(Make(FR, sequence, NewId(), new string('x', bytes), DE));
        }
    }

    /// <summary>The entries, in order, name consecutive stretches of what was written, every cursor once.</summary>
    private static void AssertAuditCovers(TempStore temp, IReadOnlyList<long> written)
    {
        var covered = new List<long>();
        foreach (var detail in DeliverDetails(temp))
        {
            var match = DeliverDetail().Match(detail);
            Assert.True(match.Success, detail);
            var (first, last, count) = (long.Parse(match.Groups[1].Value), long.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value));
            covered.AddRange(written.Where(cursor => cursor >= first && cursor <= last));
            Assert.Equal(count, written.Count(cursor => cursor >= first && cursor <= last));
        }

        Assert.Equal(written, covered);
    }

    private static List<string> DeliverDetails(TempStore temp)
    {
        using var connection = temp.Store.Database.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT detail FROM audit WHERE action = 'deliver' ORDER BY seq;";
        using var reader = command.ExecuteReader();
        var details = new List<string>();
        while (reader.Read())
        {
            details.Add(reader.GetString(0));
        }

        return details;
    }

    [GeneratedRegex(@"^cursors (\d+)-(\d+) \((\d+)\)$")]
    private static partial Regex DeliverDetail();

    /// <summary>
    /// A subscriber's end of the stream, as the transport behaves: a write with <see cref="WriteFlags.BufferHint"/> stays
    /// in the response buffer, and the next write without it sends that and itself. Records what reached the subscriber
    /// (<see cref="Cursors"/>), what is still buffered, whether each write flushed, and says when <c>expected</c> writes were made.
    /// </summary>
    private sealed class RecordingWriter(int expected, Action? onReached = null) : IServerStreamWriter<Protocol.V1.Delivery>
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<long> _cursors = [];
        private readonly List<long> _buffered = [];
        private readonly List<bool> _flushes = [];

        public WriteOptions? WriteOptions { get; set; }

        /// <summary>Called after each write with the number of writes so far.</summary>
        public Action<int>? OnWrite { get; set; }

        public Task Reached => _reached.Task;

        /// <summary>The cursors that reached the subscriber (flushed), in order.</summary>
        public IReadOnlyList<long> Cursors => Locked<long>(() => [.. _cursors]);

        /// <summary>Every cursor written, flushed or not, in order.</summary>
        public IReadOnlyList<long> Written => Locked<long>(() => [.. _cursors, .. _buffered]);

        /// <summary>The cursors written but never flushed.</summary>
        public IReadOnlyList<long> Buffered => Locked<long>(() => [.. _buffered]);

        /// <summary>For each write in order, whether it flushed the response.</summary>
        public IReadOnlyList<bool> Flushes => Locked<bool>(() => [.. _flushes]);

        public Task WriteAsync(Protocol.V1.Delivery message) => WriteAsync(message, CancellationToken.None);

        public Task WriteAsync(Protocol.V1.Delivery message, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var flush = (WriteOptions?.Flags & WriteFlags.BufferHint) == 0;
            int count;
            lock (_cursors)
            {
                _buffered.Add((long)message.Cursor);
                _flushes.Add(flush);
                if (flush)
                {
                    _cursors.AddRange(_buffered);
                    _buffered.Clear();
                }

                count = _flushes.Count;
            }

            if (count == expected)
            {
                onReached?.Invoke();
                _reached.SetResult();
            }

            OnWrite?.Invoke(count);
            return Task.CompletedTask;
        }

        private IReadOnlyList<T> Locked<T>(Func<IReadOnlyList<T>> read)
        {
            lock (_cursors)
            {
                return read();
            }
        }
    }
}
