using HstFederation.Testing.Samples;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary>The agency API's reads with content: never the envelopes, and no more rows than their content budget.</summary>
public sealed class NodeStoreBrowseTests
{
    [Fact]
    public async Task InboxAfterAsync_StopsAtTheRowThatReachesTheByteBudget_AndReadsNoEnvelope()
    {
        await using var temp = TempNodeStore.Create();
        var message = SampleMessages.Realistic(temp.Time.GetUtcNow());
        for (var n = 1; n <= 3; n++)
        {
            await temp.Store.StoreReceivedAsync(Incoming(FR, n, n, message));
        }

        var size = message.CalculateSize();
        var one = await temp.Store.InboxAfterAsync(0, 100, maxBytes: 1);
        var two = await temp.Store.InboxAfterAsync(0, 100, maxBytes: size + 1);
        var all = await temp.Store.InboxAfterAsync(0, 100);

        Assert.Equal([1, 2, 3], new[] { one.Count, two.Count, all.Count });
        Assert.All(all, entry => Assert.Empty(entry.Message.Envelope));
        Assert.All(all, entry => Assert.Equal(size, entry.Message.Plaintext.Length));
    }

    [Fact]
    public async Task OutboxBeforeAsync_StopsAtTheRowThatReachesTheByteBudget_AndReadsNoEnvelope()
    {
        await using var temp = TempNodeStore.Create();
        var message = SampleMessages.Realistic(temp.Time.GetUtcNow());
        for (var n = 1; n <= 3; n++)
        {
            var queued = await temp.Store.EnqueueAsync(Outgoing(n, message, "urn:hst:member:DE"));
            using var raw = temp.Raw();
            raw.Execute("UPDATE outbox SET envelope = X'0A00' WHERE local_id = $local;", ("$local", queued.LocalId));
        }

        var size = message.CalculateSize();
        var one = await temp.Store.OutboxBeforeAsync(null, 100, maxBytes: 1);
        var two = await temp.Store.OutboxBeforeAsync(null, 100, maxBytes: size + 1);
        var all = await temp.Store.OutboxBeforeAsync(null, 100);

        Assert.Equal([1, 2, 3], new[] { one.Count, two.Count, all.Count });
        Assert.All(all, entry => Assert.Null(entry.Envelope));
        Assert.Equal(3, temp.Count("SELECT COUNT(*) FROM outbox WHERE envelope IS NOT NULL;"));
    }
}
