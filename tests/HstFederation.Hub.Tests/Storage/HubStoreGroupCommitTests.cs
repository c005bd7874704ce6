using HstFederation.Hub.Storage;
using HstFederation.Protocol.V1;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>Concurrent writes share one transaction (one fsync); one bad operation does not sink its batch.</summary>
public sealed class HubStoreGroupCommitTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AcceptAsync_200Concurrent_AllStoredInFarFewerCommitsThanSubmissions()
    {
        await using var temp = TempStore.Create();
        var submissions = Enumerable.Range(1, 200).Select(sequence => Make(FR, sequence, DE, IT)).ToArray();
        var commitsBefore = temp.Store.Commits;

        Task<AcceptOutcome>[] accepts;
        await using (var gate = WriterGate.Close(temp.Store))
        {
            accepts = submissions.Select(submission => Task.Run(() => temp.Store.AcceptAsync(submission, Signer(submission)))).ToArray();
            gate.WaitForQueued(submissions.Length);
            await gate.OpenAsync();
        }

        var outcomes = await Task.WhenAll(accepts).WaitAsync(Deadline);
        var commits = temp.Store.Commits - commitsBefore;
        Assert.All(outcomes, outcome => Assert.Equal(AcceptStatus.Accepted, outcome.Status));
        Assert.Equal(200, outcomes.Select(outcome => outcome.HubSequence).Distinct().Count());
        Assert.Equal(200, temp.Count("SELECT COUNT(*) FROM messages;"));
        Assert.Equal(200, (await temp.Store.ReadDeliveriesAsync(IT, 0, 1000)).Count);
        Assert.True(commits < submissions.Length, $"{commits} commits for {submissions.Length} submissions");
        Assert.Equal(2, commits); // the gate's batch, then all 200 together
    }

    [Fact]
    public async Task AcceptAsync_MoreWaitingThanTheBatchBound_CommitsInBoundedBatches()
    {
        await using var temp = TempStore.Create(new HubStoreOptions { MaxBatchSize = 8 });
        var submissions = Enumerable.Range(1, 20).Select(sequence => Make(FR, sequence, DE)).ToArray();
        var commitsBefore = temp.Store.Commits;

        Task<AcceptOutcome>[] accepts;
        await using (var gate = WriterGate.Close(temp.Store))
        {
            accepts = submissions.Select(submission => temp.Store.AcceptAsync(submission, Signer(submission))).ToArray();
            gate.WaitForQueued(submissions.Length);
            await gate.OpenAsync();
        }

        await Task.WhenAll(accepts).WaitAsync(Deadline);
        Assert.Equal(1 + 3, temp.Store.Commits - commitsBefore); // gate, then 8 + 8 + 4
    }

    [Fact]
    public async Task AcceptAsync_OneFailingInsideABatch_OthersCommitAndOnlyItFails()
    {
        await using var temp = TempStore.Create();
        var good = Enumerable.Range(1, 5).Select(sequence => Make(FR, sequence, DE)).ToArray();
        var failing = Make(IT, 1, ES);
        var rejected = Make(FR, 5, ES); // reuses FR's sequence 5, taken by good[4] earlier in the batch
        var commitsBefore = temp.Store.Commits;

        Task<AcceptOutcome>[] goodAccepts;
        Task<AcceptOutcome> failingAccept, rejectedAccept;
        await using (var gate = WriterGate.Close(temp.Store))
        {
            goodAccepts = good.Take(2).Select(submission => temp.Store.AcceptAsync(submission, Signer(submission))).ToArray();
            failingAccept = temp.Store.AcceptAsync(failing, (_, _) => throw new InvalidOperationException("signer down"));
            goodAccepts = [.. goodAccepts, .. good.Skip(2).Select(submission => temp.Store.AcceptAsync(submission, Signer(submission)))];
            rejectedAccept = temp.Store.AcceptAsync(rejected, Signer(rejected));
            gate.WaitForQueued(7);
            await gate.OpenAsync();
        }

        var outcomes = await Task.WhenAll(goodAccepts).WaitAsync(Deadline);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => failingAccept.WaitAsync(Deadline));
        Assert.Equal("signer down", failure.Message);
        Assert.Equal(RejectionReason.SequenceReused, (await rejectedAccept.WaitAsync(Deadline)).Reason);
        Assert.All(outcomes, outcome => Assert.Equal(AcceptStatus.Accepted, outcome.Status));

        // The failed operation's number was rolled back with it (never committed, never in a receipt) and is
        // the next one's; every receipt names the row it is stored in.
        Assert.Equal([1L, 2L, 3L, 4L, 5L], outcomes.Select(outcome => outcome.HubSequence));
        Assert.All(outcomes, outcome => Assert.Equal((ulong)outcome.HubSequence, ReadReceipt(outcome.Receipt!).HubSequence));
        Assert.All(outcomes, outcome => Assert.Equal(outcome.Receipt, StoredReceipt(temp, outcome.HubSequence)));
        Assert.Equal(2, temp.Store.Commits - commitsBefore);
        Assert.Equal(5, temp.Count("SELECT COUNT(*) FROM messages;"));
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM messages WHERE sender = 'urn:hst:member:IT';"));
        Assert.Empty(await temp.Store.ReadDeliveriesAsync(ES, 0, 10));
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM sender_state WHERE sender = 'urn:hst:member:IT';"));

        var retried = await temp.Store.SubmitAsync(failing);
        Assert.Equal(AcceptStatus.Accepted, retried.Status);
    }

    [Fact]
    public async Task Writes_RunOnTheWritersOwnThread_NotOnAPoolThread()
    {
        await using var temp = TempStore.Create();

        // Under load the writer blocks in SQLite nearly all the time: on a pool thread it would starve the calls' threads.
        var first = await temp.Store.WriteAsync(
            _ => (Pooled: Thread.CurrentThread.IsThreadPoolThread, Id: Environment.CurrentManagedThreadId, Thread.CurrentThread.Name), CancellationToken.None);
        var second = await temp.Store.WriteAsync(_ => Environment.CurrentManagedThreadId, CancellationToken.None);

        Assert.False(first.Pooled);
        Assert.Equal(first.Id, second);

        // Named: operators (top -H) and the load generator (its schedstat) find the writer by this name.
        Assert.Equal("hst-hub-writer", first.Name);
    }

    private static byte[]? StoredReceipt(TempStore temp, long hubSequence)
    {
        using var connection = temp.Store.Database.OpenReadConnection();
        return connection.Scalar("SELECT receipt FROM messages WHERE hub_sequence = $hub;", ("$hub", hubSequence)) as byte[];
    }
}
