using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary>The reads every send makes reuse kept-open connections, and a kept connection never serves a stale snapshot.</summary>
public sealed class KeptReadConnectionsTests
{
    [Fact]
    public async Task SendPathReads_OneAfterAnother_ReuseOneConnectionAndSeeEachNewCommit()
    {
        await using var temp = TempNodeStore.Create();

        for (var n = 1; n <= 10; n++)
        {
            var queued = await temp.Store.EnqueueAsync(Outgoing(n, DE, IT));
            var pending = await temp.Store.PendingAsync();
            Assert.Single(pending);
            Assert.Equal(queued.LocalId, pending[0].LocalId);
            Assert.Equal([DE, IT], pending[0].Addressees);

            // Each accepted message moves both recipients' counts on: the next read must see the commit.
            var next = await temp.Store.NextRecipientSequencesAsync([DE, IT]);
            Assert.Equal((ulong)n, next[DE]);
            await temp.Store.MarkAcceptedAsync(queued.LocalId, [1, 2, 3], hubSequence: n);
            Assert.Empty(await temp.Store.PendingAsync());
        }

        Assert.Equal(1, temp.Store.Database.Readers.Opened);
    }
}
