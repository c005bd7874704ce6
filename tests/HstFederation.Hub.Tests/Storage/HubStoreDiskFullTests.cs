using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>THREATS row 28: disk full is a retriable error, nothing is acknowledged, and the store resumes.</summary>
public sealed class HubStoreDiskFullTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AcceptAsync_DiskFull_WholeBatchUnavailableNothingStored_ThenResumesWhenSpaceReturns()
    {
        await using var temp = TempStore.Create();
        await temp.Store.SubmitAsync(Make(FR, 1, DE));
        await temp.Store.SetMaxPageCountAsync(1); // SQLite keeps it at the current size: no page may be added
        var small = Make(FR, 2, DE);
        var large = WithBody(Make(FR, 3, DE), new byte[256 * 1024]);

        Task<AcceptOutcome> smallAccept, largeAccept;
        await using (var gate = WriterGate.Close(temp.Store))
        {
            smallAccept = temp.Store.AcceptAsync(small, Signer(small));
            largeAccept = temp.Store.AcceptAsync(large, Signer(large));
            gate.WaitForQueued(2);
            await gate.OpenAsync();
        }

        var smallFailure = await Assert.ThrowsAsync<StoreUnavailableException>(() => smallAccept.WaitAsync(Deadline));
        var largeFailure = await Assert.ThrowsAsync<StoreUnavailableException>(() => largeAccept.WaitAsync(Deadline));
        Assert.True(StorageFaults.IsDiskFull(largeFailure));
        Assert.True(StorageFaults.IsDiskFull(smallFailure));
        Assert.False(temp.Store.IsHealthy);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM messages;"));
        Assert.Single(await temp.Store.ReadDeliveriesAsync(DE, 0, 10));
        Assert.Equal(1, temp.Count("SELECT last_sequence FROM sender_state;"));

        await temp.Store.SetMaxPageCountAsync(1_000_000);
        var smallRetry = await temp.Store.SubmitAsync(small);
        var largeRetry = await temp.Store.SubmitAsync(large);

        Assert.Equal(AcceptStatus.Accepted, smallRetry.Status);
        Assert.Equal(AcceptStatus.Accepted, largeRetry.Status);
        Assert.True(temp.Store.IsHealthy);
        Assert.Equal(3, (await temp.Store.ReadDeliveriesAsync(DE, 0, 10)).Count);
        Assert.True(HubAudit.Verify(temp.Store.Database).IsIntact);
    }
}
