using System.Security.Cryptography;
using System.Text;
using HstFederation.Node.Storage;
using Microsoft.Data.Sqlite;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary>
/// Submission keys inside the enqueue's transaction (no read-only look-up before it, as when retries race): one outbox
/// row per (actor, key), a repeat returns it, another request under the key fails alone, the key table refuses a copy.
/// </summary>
public sealed class NodeStoreSubmitKeyTests
{
    [Fact]
    public async Task EnqueueAsync_SameKeyInOneBatch_QueuesOnce_OthersAreRepeatsOfIt()
    {
        await using var temp = TempNodeStore.Create();
        var key = Key("k-1", "request A");

        // Distinct message ids, as racing submitters would draw; queued together, so the writer commits them in one batch.
        var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(n => temp.Store.EnqueueAsync(Outgoing(n) with { Key = key })));

        var first = Assert.Single(results, r => !r.Repeated);
        Assert.All(results, r => Assert.Equal(
            (first.LocalId, Convert.ToHexString(first.MessageId), first.Sequence, first.CreatedAtMs), (r.LocalId, Convert.ToHexString(r.MessageId), r.Sequence, r.CreatedAtMs)));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM outbox;"));
        Assert.Equal(5, temp.Count("SELECT COUNT(*) FROM audit WHERE action = 'enqueue-repeat';"));
    }

    [Fact]
    public async Task EnqueueAsync_SameKeyOtherRequest_FailsAlone_OtherActorAndOtherKeyQueue()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.EnqueueAsync(Outgoing(1) with { Key = Key("k-1", "request A") });

        var reused = temp.Store.EnqueueAsync(Outgoing(2) with { Key = Key("k-1", "request B") });
        var otherActor = temp.Store.EnqueueAsync(Outgoing(3) with { Actor = "agency:labour-inspectorate", Key = Key("k-1", "request B") });
        var otherKey = temp.Store.EnqueueAsync(Outgoing(4) with { Key = Key("k-2", "request B") });

        var error = await Assert.ThrowsAsync<RequestIdReusedException>(() => reused);
        Assert.Equal(1, error.LocalId);
        Assert.False((await otherActor).Repeated);
        Assert.False((await otherKey).Repeated);
        Assert.Equal(3, temp.Count("SELECT COUNT(*) FROM outbox;"));
        Assert.Equal(3, temp.Count("SELECT COUNT(*) FROM submit_keys;"));
    }

    [Fact]
    public async Task SubmitKeys_SecondRowForAKey_IsRefusedByTheSchema()
    {
        await using var temp = TempNodeStore.Create();
        var queued = await temp.Store.EnqueueAsync(Outgoing(1) with { Key = Key("k-1", "request A") });
        var other = await temp.Store.EnqueueAsync(Outgoing(2));

        var error = await Assert.ThrowsAsync<SqliteException>(() => temp.Store.WriteAsync(
            context => { SubmitKeys.Insert(context.Connection, TestMessages.Agency, Key("k-1", "request A"), other.LocalId, context.NowMs); return 0; },
            CancellationToken.None));

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(queued.LocalId, (await temp.Store.FindSubmissionAsync(TestMessages.Agency, Key("k-1", "request A")))!.LocalId);
    }

    private static SubmitKey Key(string requestId, string request) => new(requestId, SHA256.HashData(Encoding.UTF8.GetBytes(request)));
}
