using HstFederation.Node.Storage;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// THREATS row 12 over the real link: the hub (its store edited as a compromised hub would) drops or reorders a
/// sender's messages, and the receiving node raises an operator-visible alarm from the signed per-sender sequence.
/// </summary>
public sealed class HubLinkSequenceTests : HubLinkTestBase
{
    [Fact]
    public async Task HubDropsAMessage_DeStoresTheOthers_AndRaisesAGapAlarmNamingTheMissingSequence()
    {
        var sent = await SendToDeAsync(3);
        Hub.DropDelivery("DE", Hub.HubSequenceOf(Fr.Party, sent[1].MessageId));

        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 2), "DE stores the two messages it is given");

        Assert.Equal([sent[0].MessageId, sent[2].MessageId], De.Inbox().Select(m => m.MessageId));
        var alarm = Assert.Single(await De.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.Gap, Fr.Party, sent[1].Sequence, sent[2].Sequence), (alarm.Kind, alarm.Sender, alarm.Expected, alarm.Received));
    }

    [Fact]
    public async Task HubDelaysAMessageBehindALaterOne_DeStoresBoth_AndRaisesAGapThenAReorderAlarm()
    {
        var sent = await SendToDeAsync(3);
        var delayed = Hub.HubSequenceOf(Fr.Party, sent[1].MessageId);
        Hub.DropDelivery("DE", delayed);
        Hub.InsertDelivery("DE", delayed);

        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 3), "DE stores all three");

        Assert.Equal([sent[0].MessageId, sent[2].MessageId, sent[1].MessageId], De.Inbox().Select(m => m.MessageId));
        var alarms = await De.Store.AlarmsAsync();
        Assert.Equal(
            [(SequenceAlarm.Gap, sent[1].Sequence, sent[2].Sequence), (SequenceAlarm.Reorder, sent[2].Sequence + 1, sent[1].Sequence)],
            alarms.Select(a => (a.Kind, a.Expected, a.Received)));
        Assert.All(alarms, a => Assert.Equal(Fr.Party, a.Sender));
    }

    /// <summary>
    /// A known false alarm, pinned so it is seen (and so this test fails once it is fixed): FR's sequence is one
    /// counter across all its recipients (docs/protocol.md §4, and the hub refuses a reused sequence), so when FR
    /// writes to IT between two messages to DE, DE sees 1 then 3 and cannot tell this from a dropped message; it
    /// raises the same gap alarm as in <see cref="HubDropsAMessage_DeStoresTheOthers_AndRaisesAGapAlarmNamingTheMissingSequence"/>.
    /// A message the hub or FR refused after its sequence was allocated leaves the same hole. Telling the cases
    /// apart needs more than the protocol gives a recipient today; see the hub-link report (issue #4).
    /// </summary>
    [Fact]
    public async Task SenderWritesToItBetweenTwoMessagesToDe_DeRaisesAGapAlarm_AKnownFalseAlarm()
    {
        var first = await Fr.EnqueueAsync("DE");
        var toIt = await Fr.EnqueueAsync("IT");
        var second = await Fr.EnqueueAsync("DE");
        Assert.Equal(3, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 2), "DE stores both messages addressed to it");

        Assert.Equal([first.MessageId, second.MessageId], De.Inbox().Select(m => m.MessageId));
        var alarm = Assert.Single(await De.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.Gap, toIt.Sequence, second.Sequence), (alarm.Kind, alarm.Expected, alarm.Received));
    }

    private async Task<IReadOnlyList<EnqueuedMessage>> SendToDeAsync(int count)
    {
        var sent = new List<EnqueuedMessage>();
        for (var i = 0; i < count; i++)
        {
            sent.Add(await Fr.EnqueueAsync("DE"));
        }

        Assert.Equal(count, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        return sent;
    }
}
