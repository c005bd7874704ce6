using System.Text;
using HstFederation.Hub.Lifecycle;
using HstFederation.Hub.Storage;
using HstFederation.Testing.Storage;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>
/// The checkpoint after a purge (docs/lifecycle.md §7) while a reader holds an older snapshot open, as an operator's
/// ledger or verify-audit on the live file does: the writer does not wait for that reader, and once it has gone the
/// purged bytes leave the WAL even if no write comes.
/// </summary>
public sealed class HubStoreCheckpointTests
{
    /// <summary>A hang guard only: the busy timeout below is far longer, so a writer waiting on the reader fails it.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private const string Canary = "QUIRKSBYWATERFORD-CHECKPOINT";

    private static byte[] Files(TempStore temp)
    {
        return DatabaseFiles.Bytes(temp.DatabasePath);
    }

    private static bool HoldsCanary(TempStore temp) => Files(temp).AsSpan().IndexOf(Encoding.UTF8.GetBytes(Canary)) >= 0;

    [Fact]
    public async Task Purge_WhileAReaderHoldsAnOlderSnapshot_WritesGoOnAndTheWalIsCheckpointedOnceTheReaderEnds()
    {
        await using var temp = TempStore.Create(new HubStoreOptions { BusyTimeout = TimeSpan.FromMinutes(10) });
        var submission = Make(FR, 1, NewId(), Canary, DE);
        var hubSequence = (await temp.Store.SubmitAsync(submission)).HubSequence;
        Assert.True(HoldsCanary(temp), "the envelope is stored before the purge");

        using (var reader = temp.Store.Database.OpenReadConnection())
        {
            reader.Execute("BEGIN;");
            Assert.Equal(1L, reader.Scalar("SELECT count(*) FROM messages;"));

            // The purge commits and its caller is answered, and so is the next write, with the reader still in its snapshot.
            await temp.Store.WriteAsync(context => { HubCopies.Purge(context, hubSequence); return true; }, CancellationToken.None).WaitAsync(Deadline);
            await temp.Store.AuditAsync("test", "after-purge", null, "a write behind the purge").WaitAsync(Deadline);

            Assert.True(HoldsCanary(temp), "the reader's snapshot keeps the checkpoint from completing");
            reader.Execute("COMMIT;");
        }

        // No write comes after the reader ends: the writer's timer retries the checkpoint.
        temp.Time.Advance(WriterLoop.CheckpointRetryInterval);
        Assert.True(SpinWait.SpinUntil(() => !HoldsCanary(temp), Deadline), "the purged envelope is still in the database files");
        Assert.Equal(0L, temp.Count($"SELECT length(envelope) FROM messages WHERE hub_sequence = {hubSequence};"));
    }
}
