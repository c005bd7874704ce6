using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using Microsoft.Data.Sqlite;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// The writer runs acknowledgements after the submissions of their batch and, while other work waits, only within
/// <see cref="HubStoreOptions.AcknowledgementBudget"/> (at least one per batch), so a submission's receipt does not wait
/// for every acknowledgement queued before it, and one member's stream of acknowledgements does not hold up the others'
/// submissions (THREATS 30). The batch a write ran in is read from its rows: a batch's writes carry the
/// clock's time when the batch started, and the fake clock moves only when a test's write moves it.
/// </summary>
public sealed class HubStoreAcknowledgementBudgetTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AcknowledgementsQueuedBeforeSubmissions_RunAfterThemInTheSameBatch()
    {
        await using var temp = TempStore.Create();
        var cursors = await DeliveriesToDeAsync(temp, 2);
        var commitsBefore = temp.Store.Commits;

        Task<AcknowledgeResult>[] acks;
        Task<AcceptOutcome>[] accepts;
        await using (var gate = WriterGate.Close(temp.Store))
        {
            acks = [.. cursors.Select(cursor => temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(cursor, DeliveryReceipt($"DE {cursor}"))]))];
            gate.WaitForQueued(2);
            accepts = [.. new[] { 3, 4 }.Select(sequence => Make(FR, sequence, IT)).Select(submission => temp.Store.AcceptAsync(submission, Signer(submission)))];
            gate.WaitForQueued(4);
            await gate.OpenAsync();
        }

        Assert.All(await Task.WhenAll(acks).WaitAsync(Deadline), result => Assert.Equal(AcknowledgeStatus.Acknowledged, result.Status));
        Assert.All(await Task.WhenAll(accepts).WaitAsync(Deadline), outcome => Assert.Equal(AcceptStatus.Accepted, outcome.Status));
        Assert.Equal(2, temp.Store.Commits - commitsBefore); // the gate's batch, then all four together
        Assert.Equal(
            [AuditActions.Accept, AuditActions.Accept, AuditActions.Acknowledge, AuditActions.Acknowledge],
            temp.Strings("SELECT action FROM (SELECT seq, action FROM audit ORDER BY seq DESC LIMIT 4) ORDER BY seq;"));
    }

    [Fact]
    public async Task BatchOverItsBudget_TakesOneAcknowledgement_TheOthersCommitTogetherInTheNextBatch()
    {
        await using var temp = TempStore.Create(new HubStoreOptions { AcknowledgementBudget = TimeSpan.FromMilliseconds(3) });
        var cursors = await DeliveriesToDeAsync(temp, 3);
        var startedMs = temp.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var commitsBefore = temp.Store.Commits;

        Task<AcknowledgeResult>[] acks;
        Task<bool> slow;
        await using (var gate = WriterGate.Close(temp.Store))
        {
            acks = [.. cursors.Select(cursor => temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(cursor, DeliveryReceipt($"DE {cursor}"))]))];
            gate.WaitForQueued(3);

            // Other work that takes longer than the budget, queued after the acknowledgements.
            slow = temp.Store.WriteAsync(_ => Advance(temp, TimeSpan.FromMilliseconds(10)), CancellationToken.None);
            gate.WaitForQueued(4);
            await gate.OpenAsync();
        }

        Assert.True(await slow.WaitAsync(Deadline));
        Assert.All(await Task.WhenAll(acks).WaitAsync(Deadline), result => Assert.Equal(AcknowledgeStatus.Acknowledged, result.Status));
        Assert.Equal(1 + 2, temp.Store.Commits - commitsBefore); // the gate's; the slow write and one acknowledgement; the other two
        Assert.Equal(
            [(cursors[0], startedMs), (cursors[1], startedMs + 10), (cursors[2], startedMs + 10)],
            temp.Pairs("SELECT cursor, acked_at_ms FROM deliveries WHERE recipient = 'urn:hst:member:DE' ORDER BY cursor;"));
    }

    [Fact]
    public async Task AcknowledgementsAlone_AreNotBudgeted_AllCommitTogether()
    {
        await using var temp = TempStore.Create(new HubStoreOptions { AcknowledgementBudget = TimeSpan.Zero });
        var cursors = await DeliveriesToDeAsync(temp, 3);
        var commitsBefore = temp.Store.Commits;

        Task<AcknowledgeResult>[] acks;
        await using (var gate = WriterGate.Close(temp.Store))
        {
            acks = [.. cursors.Select(cursor => temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(cursor, DeliveryReceipt($"DE {cursor}"))]))];
            gate.WaitForQueued(3);
            await gate.OpenAsync();
        }

        Assert.All(await Task.WhenAll(acks).WaitAsync(Deadline), result => Assert.Equal(AcknowledgeStatus.Acknowledged, result.Status));
        Assert.Equal(2, temp.Store.Commits - commitsBefore);
    }

    [Fact]
    public async Task FullBatch_StillTakesOneAcknowledgement()
    {
        await using var temp = TempStore.Create(new HubStoreOptions { MaxBatchSize = 2 });
        var cursors = await DeliveriesToDeAsync(temp, 1);
        var startedMs = temp.Time.GetUtcNow().ToUnixTimeMilliseconds();

        Task<AcknowledgeResult> ack;
        Task<bool>[] others;
        await using (var gate = WriterGate.Close(temp.Store))
        {
            ack = temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(cursors[0], DeliveryReceipt("DE"))]);
            gate.WaitForQueued(1);

            // Two writes fill the next batch (the first moves the clock, so the batch after it starts 10 ms later); a third waits.
            others =
            [
                temp.Store.WriteAsync(_ => Advance(temp, TimeSpan.FromMilliseconds(10)), CancellationToken.None),
                temp.Store.WriteAsync(_ => true, CancellationToken.None),
                temp.Store.WriteAsync(_ => true, CancellationToken.None),
            ];
            gate.WaitForQueued(4);
            await gate.OpenAsync();
        }

        Assert.All(await Task.WhenAll(others).WaitAsync(Deadline), Assert.True);
        Assert.Equal(AcknowledgeStatus.Acknowledged, (await ack.WaitAsync(Deadline)).Status);
        Assert.Equal(startedMs, temp.Count($"SELECT acked_at_ms FROM deliveries WHERE cursor = {cursors[0]};")); // in the full batch, not after it
    }

    [Fact]
    public async Task BatchAbandonedOnAStoreFault_FailsTheAcknowledgementsHeldAsideToo_AndTheStoreGoesOn()
    {
        await using var temp = TempStore.Create(new HubStoreOptions { AcknowledgementBudget = TimeSpan.Zero });
        var cursors = await DeliveriesToDeAsync(temp, 3);

        Task<AcknowledgeResult>[] acks;
        Task<bool> faulty;
        await using (var gate = WriterGate.Close(temp.Store))
        {
            acks = [.. cursors.Select(cursor => temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(cursor, DeliveryReceipt($"DE {cursor}"))]))];
            gate.WaitForQueued(3);
            faulty = temp.Store.WriteAsync<bool>(_ => throw new SqliteException("injected: database or disk is full", 13), CancellationToken.None);
            gate.WaitForQueued(4);
            await gate.OpenAsync();
        }

        await Assert.ThrowsAsync<StoreUnavailableException>(() => faulty.WaitAsync(Deadline));
        foreach (var ack in acks)
        {
            // The first ran in the abandoned batch; the other two were held aside and are failed with it, not left waiting.
            await Assert.ThrowsAsync<StoreUnavailableException>(() => ack.WaitAsync(Deadline));
        }

        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM deliveries WHERE acked_at_ms IS NOT NULL;"));
        var again = await temp.Store.AcknowledgeAsync(DE, [.. cursors.Select(cursor => DeliveryAck.Of(cursor, DeliveryReceipt($"DE {cursor}")))]).WaitAsync(Deadline);
        Assert.Equal(new AcknowledgeResult(AcknowledgeStatus.Acknowledged, 3, 3, null), again);
    }

    private static bool Advance(TempStore temp, TimeSpan by)
    {
        temp.Time.Advance(by);
        return true;
    }

    /// <summary>Submits <paramref name="count"/> messages from FR to DE and returns DE's delivery cursors.</summary>
    private static async Task<long[]> DeliveriesToDeAsync(TempStore temp, int count)
    {
        for (var sequence = 1; sequence <= count; sequence++)
        {
            await temp.Store.SubmitAsync(Make(FR, sequence, DE));
        }

        return [.. (await temp.Store.ReadDeliveriesAsync(DE, 0, 10)).Select(delivery => delivery.Cursor)];
    }
}
