using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary>The outbox: durable before the id is returned, numbered without gaps or repeats, idempotent states.</summary>
public sealed class NodeStoreOutboxTests
{
    [Fact]
    public async Task EnqueueAsync_ThenReopen_MessageIsStillQueuedWithEverything()
    {
        await using var temp = TempNodeStore.Create();
        var item = Outgoing(1, DE, IT) with { Envelope = [1, 2, 3] };

        var queued = await temp.Store.EnqueueAsync(item);
        var store = await temp.ReopenAsync();
        var pending = await store.PendingAsync();

        var entry = Assert.Single(pending);
        Assert.Equal(queued.LocalId, entry.LocalId);
        Assert.Equal(item.MessageId, entry.MessageId);
        Assert.Equal(1, entry.Sequence);
        Assert.Equal(item.Plaintext, entry.Plaintext);
        Assert.Equal(item.Envelope, entry.Envelope);
        Assert.Equal([DE, IT], entry.Addressees);
        Assert.Equal(TestMessages.Agency, entry.Actor);
        Assert.Equal(temp.Time.GetUtcNow().ToUnixTimeMilliseconds(), entry.CreatedAtMs);
        Assert.Equal(OutboxState.Queued, entry.State);
    }

    [Fact]
    public async Task EnqueueAsync_AcrossReopens_SequencesContinueWithoutGapOrRepeat()
    {
        await using var temp = TempNodeStore.Create();
        var sequences = new List<long>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                sequences.Add((await temp.Store.EnqueueAsync(Outgoing((round * 10) + i))).Sequence);
            }

            await temp.ReopenAsync();
        }

        Assert.Equal(Enumerable.Range(1, 12).Select(n => (long)n), sequences);
    }

    [Fact]
    public async Task EnqueueAsync_HundredConcurrent_SequencesAreExactlyOneToHundredAndPendingIsInQueueOrder()
    {
        await using var temp = TempNodeStore.Create();

        var results = await Task.WhenAll(Enumerable.Range(1, 100).Select(n => Task.Run(() => temp.Store.EnqueueAsync(Outgoing(n)))));

        Assert.Equal(Enumerable.Range(1, 100).Select(n => (long)n), results.Select(r => r.Sequence).Order());
        Assert.Equal(100, results.Select(r => r.LocalId).Distinct().Count());
        var pending = await temp.Store.PendingAsync(max: 1000);
        Assert.Equal(pending.Select(p => p.LocalId).Order(), pending.Select(p => p.LocalId));
        Assert.Equal(Enumerable.Range(1, 100).Select(n => (long)n), pending.Select(p => p.Sequence).Order());
    }

    [Fact]
    public async Task EnqueueAsync_ConcurrentCallersWhileAnotherCallerRunsTheWriter_EachAnsweredOnlyOnceItsRowIsCommitted()
    {
        // The caller whose write wakes the idle writer runs the batch on its own thread (WriterLoop): callers queued
        // meanwhile must still get their answer only after their own row committed, and none may be left waiting.
        await using var temp = TempNodeStore.Create();

        var seen = await Task.WhenAll(Enumerable.Range(1, 60).Select(n => Task.Run(async () =>
        {
            var queued = await temp.Store.EnqueueAsync(Outgoing(n));
            return await temp.Store.GetOutboxAsync(queued.LocalId);
        })));

        Assert.All(seen, entry => Assert.Equal(OutboxState.Queued, Assert.IsType<OutboxEntry>(entry).State));
        Assert.Equal(60, (await (await temp.ReopenAsync()).PendingAsync(max: 1000)).Count);
    }

    [Fact]
    public async Task EnqueueAsync_SameMessageIdTwice_SecondFailsAndNoSequenceIsUsed()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.EnqueueAsync(Outgoing(1));

        await Assert.ThrowsAsync<SqliteException>(() => temp.Store.EnqueueAsync(Outgoing(1)));
        var next = await temp.Store.EnqueueAsync(Outgoing(2));

        Assert.Equal(2, next.Sequence);
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task RecordSealedAsync_WriteOnce_SameBytesAfterReopen_DifferentBytesRefused()
    {
        await using var temp = TempNodeStore.Create();
        var queued = await temp.Store.EnqueueAsync(Outgoing(1));

        Assert.True(await temp.Store.RecordSealedAsync(queued.LocalId, [5, 6, 7]));
        var store = await temp.ReopenAsync();
        Assert.False(await store.RecordSealedAsync(queued.LocalId, [5, 6, 7]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RecordSealedAsync(queued.LocalId, [5, 6, 8]));

        Assert.Equal([5, 6, 7], Assert.Single(await store.PendingAsync()).Envelope);
    }

    [Fact]
    public async Task MarkAcceptedAsync_ThenRepeated_AppliesOnceAndLeavesPending()
    {
        await using var temp = TempNodeStore.Create();
        var queued = await temp.Store.EnqueueAsync(Outgoing(1));

        Assert.True(await temp.Store.MarkAcceptedAsync(queued.LocalId, [7, 7], 42));
        Assert.False(await temp.Store.MarkAcceptedAsync(queued.LocalId, [7, 7], 42));
        await Assert.ThrowsAsync<InvalidOperationException>(() => temp.Store.MarkAcceptedAsync(queued.LocalId, [8], 42));
        await Assert.ThrowsAsync<InvalidOperationException>(() => temp.Store.MarkRejectedAsync(queued.LocalId, "Replay", ""));

        var entry = (await (await temp.ReopenAsync()).GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Accepted, entry.State);
        Assert.Equal([7, 7], entry.Receipt);
        Assert.Equal(42, entry.HubSequence);
        Assert.Empty(await temp.Store.PendingAsync());
    }

    [Fact]
    public async Task MarkRejectedAsync_KeepsReasonAndDetail_RepeatIsNoChange_AcceptAfterwardsRefused()
    {
        await using var temp = TempNodeStore.Create();
        var queued = await temp.Store.EnqueueAsync(Outgoing(1));

        Assert.True(await temp.Store.MarkRejectedAsync(queued.LocalId, "RecipientSuspended", "hst://ncb/IT is suspended"));
        Assert.False(await temp.Store.MarkRejectedAsync(queued.LocalId, "RecipientSuspended", "hst://ncb/IT is suspended"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => temp.Store.MarkAcceptedAsync(queued.LocalId, [1], 1));

        var entry = (await temp.Store.GetOutboxAsync(queued.LocalId))!;
        Assert.Equal(OutboxState.Rejected, entry.State);
        Assert.Equal("RecipientSuspended", entry.RejectReason);
        Assert.Equal("hst://ncb/IT is suspended", entry.RejectDetail);
        Assert.Null(entry.Receipt);
    }

    [Fact]
    public async Task RecordDeliveryReceiptAsync_PerRecipientOnce_FirstReceiptKept()
    {
        await using var temp = TempNodeStore.Create();
        var queued = await temp.Store.EnqueueAsync(Outgoing(1, DE, IT));
        await temp.Store.MarkAcceptedAsync(queued.LocalId, [1], 10);

        Assert.True(await temp.Store.RecordDeliveryReceiptAsync(queued.MessageId, DE, [0xDE]));
        Assert.False(await temp.Store.RecordDeliveryReceiptAsync(queued.MessageId, DE, [0xDE]));
        Assert.False(await temp.Store.RecordDeliveryReceiptAsync(queued.MessageId, DE, [0xFF]));
        Assert.True(await temp.Store.RecordDeliveryReceiptAsync(queued.MessageId, IT, [0x17]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => temp.Store.RecordDeliveryReceiptAsync(Id(99), DE, [1]));

        var entry = (await (await temp.ReopenAsync()).GetOutboxAsync(queued.LocalId))!;
        Assert.Equal([new OutboxDelivery(DE, [0xDE], 0), new OutboxDelivery(IT, [0x17], 0)],
            entry.Deliveries.Select(d => d with { ReceivedAtMs = 0 }), new DeliveryComparer());
    }

    [Fact]
    public async Task PendingAsync_QueuedMessageWithDeliveryReceipts_StillPendingWithItsEnvelope_DeliveriesOnlyInTheFullRead()
    {
        // The hub accepted it but the node stopped before recording the receipt: the recipients' receipts may come in
        // while it is still queued here. The pending read leaves them out (the sender never reads them); nothing is lost.
        await using var temp = TempNodeStore.Create();
        var queued = await temp.Store.EnqueueAsync(Outgoing(1, DE, IT));
        await temp.Store.RecordSealedAsync(queued.LocalId, [5, 6, 7]);
        Assert.True(await temp.Store.RecordDeliveryReceiptAsync(queued.MessageId, DE, [0xDE]));

        var pending = Assert.Single(await temp.Store.PendingAsync());
        Assert.Equal(queued.LocalId, pending.LocalId);
        Assert.Equal([5, 6, 7], pending.Envelope);
        Assert.Equal([DE, IT], pending.Addressees);
        Assert.Empty(pending.Deliveries);
        Assert.Equal(DE, Assert.Single((await temp.Store.GetOutboxAsync(queued.LocalId))!.Deliveries).Recipient);
    }

    private sealed class DeliveryComparer : IEqualityComparer<OutboxDelivery>
    {
        public bool Equals(OutboxDelivery? x, OutboxDelivery? y) =>
            x is not null && y is not null && x.Recipient == y.Recipient && x.Receipt.AsSpan().SequenceEqual(y.Receipt);

        public int GetHashCode(OutboxDelivery obj) => obj.Recipient.GetHashCode(StringComparison.Ordinal);
    }
}
