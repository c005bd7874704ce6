using HstFederation.Hub.Storage;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// THREATS row 25, deterministically: a submission's receipt (what <see cref="HubStore.AcceptAsync"/> returns and Submit
/// sends back) exists only once its batch's COMMIT has ended, so a hub killed at any moment before that has given no
/// receipt for what it did not store. The kill -9 suite (<c>Faults/CrashSafetyTests</c>) cannot land a kill between the
/// two on a fast disk; here SQLite's commit hook holds the COMMIT, or turns it into a rollback, on the writer itself.
/// </summary>
public sealed class ReceiptAfterCommitTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AcceptAsync_WhileItsBatchIsStillCommitting_HasNoReceipt_AndHasItOnceTheCommitEnds()
    {
        // Declared before the store, so disposed after it: its writer thread may still be leaving the hook's wait.
        using var committing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        await using var temp = TempStore.Create();
        await CommitHook.InstallAsync(temp.Store, ordinal =>
        {
            if (ordinal == 2)
            {
                committing.Set();
                release.Wait(Deadline);
            }

            return false;
        });
        var submission = Make(FR, 1, DE, IT);

        var accept = temp.Store.AcceptAsync(submission, Signer(submission));

        try
        {
            Assert.True(committing.Wait(Deadline), "the submission's batch never reached COMMIT");
            Assert.False(accept.IsCompleted, "the receipt was handed out while its transaction was still committing");
        }
        finally
        {
            // Before anything is disposed: the writer thread is waiting on it inside SQLite.
            release.Set();
        }

        var outcome = await accept.WaitAsync(Deadline);
        Assert.Equal(AcceptStatus.Accepted, outcome.Status);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM messages;"));
    }

    [Fact]
    public async Task AcceptAsync_WhoseCommitIsRolledBack_GetsNoReceipt_StoresNothing_AndTheSameSubmissionIsThenAcceptedOnce()
    {
        await using var temp = TempStore.Create();
        await CommitHook.InstallAsync(temp.Store, ordinal => ordinal == 2);
        var submission = Make(FR, 1, DE, IT);

        var failure = await Assert.ThrowsAsync<StoreUnavailableException>(() => temp.Store.AcceptAsync(submission, Signer(submission)).WaitAsync(Deadline));

        Assert.Contains("nothing was committed", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM messages;"));
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM deliveries;"));

        // The writer opened a new connection (the hook went with the old one): the sender's retry is a first acceptance.
        var retried = await temp.Store.AcceptAsync(submission, Signer(submission)).WaitAsync(Deadline);
        Assert.Equal(AcceptStatus.Accepted, retried.Status);
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM messages;"));
        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM deliveries;"));
    }
}
