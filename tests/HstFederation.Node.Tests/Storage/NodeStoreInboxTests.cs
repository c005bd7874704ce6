using HstFederation.Node.Storage;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary>The inbox: exactly once per (sender, message id), the cursor moving with it, quarantine and sequence alarms.</summary>
public sealed class NodeStoreInboxTests
{
    [Fact]
    public async Task StoreReceivedAsync_DuplicateDelivery_StoredOnceAndCursorMovesBothTimes()
    {
        await using var temp = TempNodeStore.Create();
        var delivery = Incoming(FR, 1, 1);

        var first = await temp.Store.StoreReceivedAsync(delivery, cursor: 5);
        Assert.Equal(ReceiveOutcome.New, first.Outcome);
        Assert.Equal(5, await temp.Store.GetCursorAsync());
        var store = await temp.ReopenAsync();
        temp.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await store.StoreReceivedAsync(delivery, cursor: 9);

        // A repeat reports when the message was first received, so it is acknowledged with the identical receipt.
        Assert.Equal(new StoredReceive(ReceiveOutcome.Repeat, first.ReceivedAtMs), again);

        Assert.Equal(9, await store.GetCursorAsync());
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM inbox;"));
        var stored = (await store.GetReceivedAsync(FR, Id(1)))!;
        Assert.Equal(delivery.Envelope, stored.Message.Envelope);
        Assert.Equal(delivery.Plaintext, stored.Message.Plaintext);
        Assert.Equal(delivery.HeaderHash, stored.Message.HeaderHash);
        Assert.Equal(1, stored.Message.Sequence);
    }

    [Fact]
    public async Task StoreReceivedAsync_SameIdFromTwoSenders_BothStored()
    {
        await using var temp = TempNodeStore.Create();

        Assert.True((await temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1))).IsNew);
        Assert.True((await temp.Store.StoreReceivedAsync(Incoming(IT, 1, 1))).IsNew);

        Assert.Equal(2, temp.Count("SELECT COUNT(*) FROM inbox;"));
    }

    [Fact]
    public async Task StoreReceivedAsync_ConcurrentDuplicates_ExactlyOneIsNew()
    {
        await using var temp = TempNodeStore.Create();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1)))));

        Assert.Single(results, stored => stored.IsNew);
        Assert.All(results, stored => Assert.NotEqual(ReceiveOutcome.Conflict, stored.Outcome));
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM inbox;"));
    }

    [Fact]
    public async Task StoreReceivedAsync_SameIdWithAnotherHeader_IsAConflict_TheStoredMessageStaysAndTheCursorMoves()
    {
        await using var temp = TempNodeStore.Create();
        var stored = Incoming(FR, 1, 1);
        var first = await temp.Store.StoreReceivedAsync(stored, cursor: 3);
        temp.Time.Advance(TimeSpan.FromMinutes(1));

        var conflict = await temp.Store.StoreReceivedAsync(
            stored with { HeaderHash = Filled(32, 0xEE), Envelope = [0xEE], Plaintext = [0xEE] }, cursor: 4);

        Assert.Equal(new StoredReceive(ReceiveOutcome.Conflict, first.ReceivedAtMs), conflict);
        Assert.Equal(4, await temp.Store.GetCursorAsync());
        Assert.Equal(1, temp.Count("SELECT COUNT(*) FROM inbox;"));
        var kept = (await temp.Store.GetReceivedAsync(FR, Id(1)))!;
        Assert.Equal(stored.Envelope, kept.Message.Envelope);
        Assert.Equal(stored.HeaderHash, kept.Message.HeaderHash);
    }

    [Fact]
    public async Task SetCursorAsync_NeverGoesBack_AndSurvivesReopen()
    {
        await using var temp = TempNodeStore.Create();

        Assert.Equal(0, await temp.Store.GetCursorAsync());
        Assert.Equal(12, await temp.Store.SetCursorAsync(12));
        Assert.Equal(12, await temp.Store.SetCursorAsync(3));

        Assert.Equal(12, await (await temp.ReopenAsync()).GetCursorAsync());
    }

    [Fact]
    public async Task QuarantineAsync_KeepsEnvelopeReasonAndDetail_NotInTheInbox()
    {
        await using var temp = TempNodeStore.Create();
        byte[] envelope = [0xBA, 0xD0, 0x00, 0xFF];

        var id = (await temp.Store.QuarantineAsync(envelope, "SignatureInvalid", "signer key not certified", cursor: 4)).Id;
        var store = await temp.ReopenAsync();

        var entry = Assert.Single(await store.QuarantinedAsync());
        Assert.Equal(id, entry.Id);
        Assert.Equal(envelope, entry.Envelope);
        Assert.Equal("SignatureInvalid", entry.Reason);
        Assert.Equal("signer key not certified", entry.Detail);
        Assert.Equal(4, await store.GetCursorAsync());
        Assert.Equal(0, temp.Count("SELECT COUNT(*) FROM inbox;"));
    }

    [Fact]
    public async Task StoreReceivedAsync_SequenceJumps_RaisesGapAlarmWithExpectedAndReceived()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1));
        await temp.Store.StoreReceivedAsync(Incoming(FR, 2, 2));
        await temp.Store.StoreReceivedAsync(Incoming(IT, 3, 1));

        Assert.Empty(await temp.Store.AlarmsAsync());
        await temp.Store.StoreReceivedAsync(Incoming(FR, 5, 5));
        await temp.Store.StoreReceivedAsync(Incoming(FR, 5, 5)); // a repeat raises nothing new

        var alarm = Assert.Single(await (await temp.ReopenAsync()).AlarmsAsync());
        Assert.Equal(SequenceAlarm.Gap, alarm.Kind);
        Assert.Equal(FR, alarm.Sender);
        Assert.Equal(3, alarm.Expected);
        Assert.Equal(5, alarm.Received);
        Assert.Equal(temp.Time.GetUtcNow().ToUnixTimeMilliseconds(), alarm.RaisedAtMs);
    }

    [Fact]
    public async Task StoreReceivedAsync_LowerSequenceAfterHigher_RaisesReorderAlarm()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1));
        await temp.Store.StoreReceivedAsync(Incoming(FR, 3, 3));
        await temp.Store.StoreReceivedAsync(Incoming(FR, 2, 2));

        var alarms = await temp.Store.AlarmsAsync();

        Assert.Equal([SequenceAlarm.Gap, SequenceAlarm.Reorder], alarms.Select(a => a.Kind));
        Assert.Equal((4, 2), (alarms[1].Expected, alarms[1].Received));
    }

    [Fact]
    public async Task StoreReceivedAsync_TheAlarmFollowsThisNodesRecipientSequence_NotTheSendersOverallSequence()
    {
        await using var temp = TempNodeStore.Create();

        // FR's 1st, 4th and 9th message overall are its 1st, 2nd and 3rd to this node: no gap.
        await temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1) with { RecipientSequence = 1 });
        await temp.Store.StoreReceivedAsync(Incoming(FR, 2, 4) with { RecipientSequence = 2 });
        await temp.Store.StoreReceivedAsync(Incoming(FR, 3, 9) with { RecipientSequence = 3 });
        Assert.Empty(await temp.Store.AlarmsAsync());

        // Its 5th to this node comes next: the 4th is missing.
        await temp.Store.StoreReceivedAsync(Incoming(FR, 4, 12) with { RecipientSequence = 5 });

        var alarm = Assert.Single(await temp.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.Gap, 4L, 5L), (alarm.Kind, alarm.Expected, alarm.Received));
    }

    [Fact]
    public async Task StoreReceivedAsync_FirstMessageFromASenderIsNotItsFirstToThisNode_RaisesAGapAlarmFromOne()
    {
        await using var temp = TempNodeStore.Create();

        await temp.Store.StoreReceivedAsync(Incoming(FR, 1, 3));

        var alarm = Assert.Single(await temp.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.Gap, FR, 1L, 3L), (alarm.Kind, alarm.Sender, alarm.Expected, alarm.Received));
    }

    [Fact]
    public async Task StoreReceivedAsync_MessageAddedByAForward_IsNotNumberedForThisNode_RaisesNothing()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1));

        await temp.Store.StoreReceivedAsync(Incoming(FR, 2, 7) with { RecipientSequence = 0, Forwards = 1 });
        await temp.Store.StoreReceivedAsync(Incoming(FR, 3, 8) with { RecipientSequence = 2 });

        Assert.Empty(await temp.Store.AlarmsAsync());
        Assert.Equal(3, temp.Count("SELECT COUNT(*) FROM inbox;"));
    }
}
