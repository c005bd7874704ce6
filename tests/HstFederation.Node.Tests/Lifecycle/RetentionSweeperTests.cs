using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Storage;
using HstFederation.Testing.Samples;
using HstFederation.Testing.Storage;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Lifecycle;

/// <summary>The node's own retention sweep on a fake clock and a real SQLite file: at the date, not a tick before.</summary>
public sealed class RetentionSweeperTests
{
    [Fact]
    public async Task Sweep_PurgesAnInboxCopyAtItsRetentionDate_NotATickBefore()
    {
        await using var temp = TempNodeStore.Create();
        var until = temp.Time.GetUtcNow().AddDays(3);
        var message = SampleMessages.Realistic(temp.Time.GetUtcNow());
        await temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1, message) with { RetainUntilMs = until.ToUnixTimeMilliseconds() });

        temp.Time.SetUtcNow(until.AddMilliseconds(-1));
        Assert.Equal(0, await temp.Store.SweepRetentionAsync("urn:hst:member:DE"));
        Assert.True(DatabaseFiles.Contain(temp.DatabasePath, "Zuwara"));

        temp.Time.SetUtcNow(until);
        Assert.Equal(1, await temp.Store.SweepRetentionAsync("urn:hst:member:DE"));
        Assert.False(DatabaseFiles.Contain(temp.DatabasePath, "Zuwara"));
        var tombstone = (await temp.Store.TombstoneAsync(Id(1)))!;
        Assert.Equal((FR, LifecyclePurge.Expired, null), (tombstone.Sender, tombstone.Cause, tombstone.OrderStatement));
    }

    [Fact]
    public async Task Sweep_ACopyThatArrivedPastItsDate_IsKeptADayForTheOrdersBehindIt_ThenPurged()
    {
        await using var temp = TempNodeStore.Create();
        var arrived = temp.Time.GetUtcNow();
        var message = SampleMessages.Realistic(arrived);
        await temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1, message) with { RetainUntilMs = arrived.AddHours(-1).ToUnixTimeMilliseconds() });

        Assert.Equal(0, await temp.Store.SweepRetentionAsync("urn:hst:member:DE"));
        temp.Time.SetUtcNow(arrived + RetentionTransactions.ArrivedPastDateGrace - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await temp.Store.SweepRetentionAsync("urn:hst:member:DE"));
        Assert.True(DatabaseFiles.Contain(temp.DatabasePath, "Zuwara"));

        temp.Time.SetUtcNow(arrived + RetentionTransactions.ArrivedPastDateGrace);
        Assert.Equal(1, await temp.Store.SweepRetentionAsync("urn:hst:member:DE"));
        Assert.False(DatabaseFiles.Contain(temp.DatabasePath, "Zuwara"));
    }

    [Fact]
    public async Task Sweep_PurgesAnOutboxCopy_ItsDateReadFromTheMessage()
    {
        await using var temp = TempNodeStore.Create();
        var message = SampleMessages.Realistic(temp.Time.GetUtcNow());
        var until = message.Handling.RetainUntil.ToDateTimeOffset();
        var queued = await temp.Store.EnqueueAsync(Outgoing(1, "urn:hst:member:DE") with { Plaintext = Google.Protobuf.MessageExtensions.ToByteArray(message) });

        Assert.Equal(0, await temp.Store.SweepRetentionAsync("urn:hst:member:FR"));
        temp.Time.SetUtcNow(until);
        Assert.Equal(1, await temp.Store.SweepRetentionAsync("urn:hst:member:FR"));

        Assert.False(DatabaseFiles.Contain(temp.DatabasePath, "Zuwara"));
        Assert.Equal(3, temp.Count($"SELECT state FROM outbox WHERE local_id = {queued.LocalId};"));
    }

    [Fact]
    public async Task Sweep_OfSeveralCopies_MergesTheIndexOnce_AndLeavesNoTokenOfAny()
    {
        await using var temp = TempNodeStore.Create();
        var until = temp.Time.GetUtcNow().AddDays(3);
        for (var n = 1; n <= 3; n++)
        {
            var message = SampleMessages.Realistic(temp.Time.GetUtcNow());
            await temp.Store.StoreReceivedAsync(Incoming(FR, n, n, message) with { RetainUntilMs = until.ToUnixTimeMilliseconds() });
        }

        var merges = temp.Store.IndexMerges;
        temp.Time.SetUtcNow(until);
        Assert.Equal(3, await temp.Store.SweepRetentionAsync("urn:hst:member:DE"));

        Assert.Equal(merges + 1, temp.Store.IndexMerges);
        Assert.False(DatabaseFiles.Contain(temp.DatabasePath, "Zuwara"));
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM entity_text WHERE entity_text MATCH 'zuwara';"));
    }
}
