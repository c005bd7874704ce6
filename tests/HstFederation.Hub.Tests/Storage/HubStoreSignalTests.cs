using HstFederation.Hub.Storage;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>Subscribers wait for new deliveries without polling; waits end on commit or cancellation and leave nothing behind.</summary>
public sealed class HubStoreSignalTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WaitForNewAsync_AcceptForThatRecipient_Completes_OtherRecipientKeepsWaiting()
    {
        await using var temp = TempStore.Create();
        using var stop = new CancellationTokenSource();
        var forDe = temp.Store.WaitForNewAsync(DE, 0, stop.Token);
        var forEs = temp.Store.WaitForNewAsync(ES, 0, stop.Token);
        Assert.False(forDe.IsCompleted);

        await temp.Store.SubmitAsync(Make(FR, 1, DE, IT));

        await forDe.WaitAsync(Deadline);
        Assert.False(forEs.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => forEs.WaitAsync(Deadline));
    }

    [Fact]
    public async Task WaitForNewAsync_CommittedAboveTheCursorBeforeWaiting_CompletesAtOnce()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE));
        var cursor = (await temp.Store.ReadDeliveriesAsync(DE, 0, 10))[0].Cursor;

        var behind = temp.Store.WaitForNewAsync(DE, cursor - 1, CancellationToken.None);
        var upToDate = temp.Store.WaitForNewAsync(DE, cursor, CancellationToken.None);

        Assert.True(behind.IsCompletedSuccessfully);
        Assert.False(upToDate.IsCompleted);
        await temp.Store.SubmitAsync(Make(FR, 2, DE));
        await upToDate.WaitAsync(Deadline);
    }

    [Fact]
    public async Task WaitForNewAsync_RelayedReceipt_WakesTheSender()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE));
        var delivery = (await temp.Store.ReadDeliveriesAsync(DE, 0, 10))[0];
        var forFr = temp.Store.WaitForNewAsync(FR, delivery.Cursor, CancellationToken.None);

        await temp.Store.AcknowledgeAsync(DE, [DeliveryAck.Of(delivery.Cursor, DeliveryReceipt("DE"))]);

        await forFr.WaitAsync(Deadline);
    }

    [Fact]
    public async Task WaitForNewAsync_ManyCancelledWaits_LeaveOnePendingSignalAtMost()
    {
        await using var temp = TempStore.Create();
        for (var i = 0; i < 1000; i++)
        {
            using var cancel = new CancellationTokenSource();
            var wait = temp.Store.WaitForNewAsync(DE, 0, cancel.Token);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Deadline));
        }

        Assert.Equal(1, temp.Store.Signals.PendingSignals);
        await temp.Store.SubmitAsync(Make(FR, 1, DE));
        Assert.Equal(0, temp.Store.Signals.PendingSignals);
    }
}
