using HstFederation.Hub.Storage;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>Shutdown finishes what was queued; a caller that gave up before its write ran leaves nothing behind.</summary>
public sealed class HubStoreLifecycleTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DisposeAsync_WithQueuedWrites_CommitsThemThenRefusesNewOnes()
    {
        await using var temp = TempStore.Create();
        var submission = Make(FR, 1, DE);
        var gate = WriterGate.Close(temp.Store);
        var accept = temp.Store.AcceptAsync(submission, Signer(submission));
        gate.WaitForQueued(1);

        var closing = temp.Store.DisposeAsync().AsTask();
        await gate.DisposeAsync();
        await closing.WaitAsync(Deadline);

        Assert.Equal(AcceptStatus.Accepted, (await accept.WaitAsync(Deadline)).Status);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => temp.Store.AcceptAsync(Make(FR, 2, DE), Signer(submission)));
        var reopened = await temp.ReopenAsync();
        Assert.Single(await reopened.ReadDeliveriesAsync(DE, 0, 10));
    }

    [Fact]
    public async Task AcceptAsync_CallerCancelsWhileQueued_IsSkippedAndNothingStored()
    {
        await using var temp = TempStore.Create();
        var submission = Make(FR, 1, DE);
        using var cancel = new CancellationTokenSource();

        Task<AcceptOutcome> accept;
        await using (var gate = WriterGate.Close(temp.Store))
        {
            accept = temp.Store.AcceptAsync(submission, Signer(submission), cancel.Token);
            gate.WaitForQueued(1);
            await cancel.CancelAsync();
            await gate.OpenAsync();
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accept.WaitAsync(Deadline));
        await temp.Store.AuditAsync("test", "barrier", null, "the writer has passed the cancelled operation").WaitAsync(Deadline);
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM messages;"));
        Assert.Equal(AcceptStatus.Accepted, (await temp.Store.SubmitAsync(submission)).Status);
    }

    [Fact]
    public async Task AcceptAsync_InvalidSubmission_ThrowsBeforeQueueing()
    {
        await using var temp = TempStore.Create();
        var good = Make(FR, 1, DE);

        await Assert.ThrowsAsync<ArgumentException>(() => temp.Store.AcceptAsync(good with { MessageId = new byte[15] }, Signer(good)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => temp.Store.AcceptAsync(good with { Sequence = 0 }, Signer(good)));
        Assert.Equal(0, temp.Store.QueuedWrites);
    }

    [Fact]
    public async Task AcceptAsync_NoMemberRecipient_StoresTheMessageWithoutDeliveries()
    {
        await using var temp = TempStore.Create();
        var forTheHubAlone = Make(FR, 1, DE) with { Recipients = [] };

        Assert.Equal(AcceptStatus.Accepted, (await temp.Store.AcceptAsync(forTheHubAlone, Signer(forTheHubAlone))).Status);

        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM messages;"));
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM deliveries;"));
    }
}
