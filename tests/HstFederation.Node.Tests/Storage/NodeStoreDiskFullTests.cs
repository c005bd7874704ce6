using HstFederation.Node.Audit;
using HstFederation.Node.Storage;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary>THREATS row 28: disk full is a retriable error, nothing is acknowledged, and the store resumes.</summary>
public sealed class NodeStoreDiskFullTests
{
    [Fact]
    public async Task EnqueueAsync_DiskFull_UnavailableNothingStoredNoSequenceUsed_ThenResumes()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.EnqueueAsync(Outgoing(1));
        await temp.Store.SetMaxPageCountAsync(1); // SQLite keeps it at the current size: no page may be added
        var large = Outgoing(2) with { Plaintext = new byte[256 * 1024] };

        var failure = await Assert.ThrowsAsync<NodeStoreUnavailableException>(() => temp.Store.EnqueueAsync(large));
        var receive = await Assert.ThrowsAsync<NodeStoreUnavailableException>(
            () => temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1) with { Plaintext = new byte[256 * 1024] }, cursor: 7));

        Assert.True(StorageFaults.IsDiskFull(failure));
        Assert.True(StorageFaults.IsDiskFull(receive));
        Assert.False(temp.Store.IsHealthy);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM outbox;"));
        Assert.Equal(1, temp.Count("SELECT last_sequence FROM sequence_state;"));
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM inbox;"));
        Assert.Equal(0, await temp.Store.GetCursorAsync());

        await temp.Store.SetMaxPageCountAsync(1_000_000);
        var retried = await temp.Store.EnqueueAsync(large);
        Assert.True((await temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1), cursor: 7)).IsNew);

        Assert.Equal(2, retried.Sequence);
        Assert.True(temp.Store.IsHealthy);
        Assert.Equal(7, await temp.Store.GetCursorAsync());
        Assert.True(NodeAudit.Verify(temp.Store.Database).IsIntact);
    }
}
