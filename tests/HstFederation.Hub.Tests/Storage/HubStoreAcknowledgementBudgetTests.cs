using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// The writer runs acknowledgements after the submissions of their batch and, while other work waits, only within
/// <see cref="HubStoreOptions.AcknowledgementBudget"/> (at least one per batch), so a submission's receipt does not wait
/// for every acknowledgement queued before it. The batch a write ran in is read from its rows: a batch's writes carry the
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
            Actions(temp, "SELECT action FROM (SELECT seq, action FROM audit ORDER BY seq DESC LIMIT 4) ORDER BY seq;"));
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
            slow = temp.Store.WriteAsync(_ =>
            {
                temp.Time.Advance(TimeSpan.FromMilliseconds(10));
                return true;
            }, CancellationToken.None);
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

    /// <summary>Submits <paramref name="count"/> messages from FR to DE and returns DE's delivery cursors.</summary>
    private static async Task<long[]> DeliveriesToDeAsync(TempStore temp, int count)
    {
        for (var sequence = 1; sequence <= count; sequence++)
        {
            await temp.Store.SubmitAsync(Make(FR, sequence, DE));
        }

        return [.. (await temp.Store.ReadDeliveriesAsync(DE, 0, 10)).Select(delivery => delivery.Cursor)];
    }

    private static List<string> Actions(TempStore temp, string sql)
    {
        using var connection = temp.Store.Database.OpenReadConnection();
        return connection.Query(sql, reader =>
        {
            var actions = new List<string>();
            while (reader.Read())
            {
                actions.Add(reader.GetString(0));
            }

            return actions;
        });
    }
}
