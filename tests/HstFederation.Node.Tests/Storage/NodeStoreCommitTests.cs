using HstFederation.Node.Storage;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// THREATS row 26 on the node: nothing is acknowledged before its commit. A queued message's id (what `send` prints and
/// the agency API returns) exists only once the COMMIT has ended, and a delivery the subscriber would acknowledge to the
/// hub is stored (and its cursor moved) or not at all. SQLite's commit hook holds the COMMIT, or rolls it back.
/// </summary>
public sealed class NodeStoreCommitTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EnqueueAsync_WhileItsCommitIsHeld_HasReturnedNoId_AndReturnsItOnceTheCommitEnds()
    {
        // Declared before the store, so disposed after it: its writer thread may still be leaving the hook's wait.
        using var committing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        await using var temp = TempNodeStore.Create();
        await CommitHook.InstallAsync(temp.Store, ordinal =>
        {
            if (ordinal == 2)
            {
                committing.Set();
                release.Wait(Deadline);
            }

            return false;
        });

        var enqueue = temp.Store.EnqueueAsync(Outgoing(1));

        try
        {
            Assert.True(committing.Wait(Deadline), "the enqueue never reached COMMIT");
            Assert.False(enqueue.IsCompleted, "the message id was returned while its transaction was still committing");
        }
        finally
        {
            release.Set();
        }

        var queued = await enqueue.WaitAsync(Deadline);
        Assert.Equal(1, queued.Sequence);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM outbox;"));
    }

    [Fact]
    public async Task StoreReceivedAsync_WhoseCommitIsRolledBack_IsUnavailable_StoresNothing_KeepsTheCursor_AndTheRetryStoresIt()
    {
        await using var temp = TempNodeStore.Create();
        await CommitHook.InstallAsync(temp.Store, ordinal => ordinal == 2);
        var delivery = Incoming(FR, 1, 1);

        var failure = await Assert.ThrowsAsync<NodeStoreUnavailableException>(
            () => temp.Store.StoreReceivedAsync(delivery, cursor: 7).WaitAsync(Deadline));

        Assert.Contains("nothing was committed", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Equal(0, await temp.Store.GetCursorAsync());

        var retried = await temp.Store.StoreReceivedAsync(delivery, cursor: 7).WaitAsync(Deadline);
        Assert.True(retried.IsNew);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Equal(7, await temp.Store.GetCursorAsync());
    }
}
