using HstFederation.Node.Storage;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.HubLink;

/// <summary>
/// THREATS row 12 over the real link. FR numbers its messages to each recipient (Recipient.sequence,
/// docs/protocol.md §4); the hub (its store edited as a compromised hub would) drops or reorders what it carries,
/// and the recipient raises an operator-visible alarm. FR writing to others, or a message that was refused, leaves
/// no hole in a recipient's count.
/// </summary>
public sealed class HubLinkSequenceTests : HubLinkTestBase
{
    [Fact]
    public async Task FrAlsoWritesToIt_EachRecipientEntryCarriesThatRecipientsOwnCount_AndDeRaisesNoAlarm()
    {
        var first = await Fr.EnqueueAsync("DE");
        var toIt = await Fr.EnqueueAsync("IT");
        var toBoth = await Fr.EnqueueAsync("DE", "IT");
        var last = await Fr.EnqueueAsync("DE");
        Assert.Equal(4, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        Assert.Equal(new Dictionary<string, ulong> { [De.Party] = 1 }, await RecipientSequencesAsync(first));
        Assert.Equal(new Dictionary<string, ulong> { [PartyOf("IT")] = 1 }, await RecipientSequencesAsync(toIt));
        Assert.Equal(new Dictionary<string, ulong> { [De.Party] = 2, [PartyOf("IT")] = 2 }, await RecipientSequencesAsync(toBoth));
        Assert.Equal(new Dictionary<string, ulong> { [De.Party] = 3 }, await RecipientSequencesAsync(last));

        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 3), "DE stores the three messages addressed to it");

        Assert.Equal([first.MessageId, toBoth.MessageId, last.MessageId], De.Inbox().Select(m => m.MessageId));
        Assert.Equal([1L, 3, 4], De.Inbox().Select(m => m.Sequence));
        Assert.Empty(await De.Store.AlarmsAsync());
    }

    [Fact]
    public async Task AMessageTheHubRefused_UsesNoNumberInItsRecipientsCount_AndDeRaisesNoAlarm()
    {
        var first = await Fr.EnqueueAsync("DE");
        Assert.Equal(1, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        await Hub.SetStatusAsync("IT", MemberStatus.Suspended); // FR's directory still shows IT active: FR seals, the hub refuses

        var refused = await Fr.EnqueueAsync("DE", "IT");
        var next = await Fr.EnqueueAsync("DE");
        Assert.Equal(2, await Fr.Sender.RunOnceAsync(CancellationToken.None));

        Assert.Equal(OutboxState.Rejected, (await Fr.Store.GetOutboxAsync(refused.LocalId))!.State);
        Assert.Equal(2UL, (await RecipientSequencesAsync(refused))[De.Party]);
        Assert.Equal(2UL, (await RecipientSequencesAsync(next))[De.Party]);

        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 2), "DE stores the two messages the hub accepted");

        Assert.Equal([first.MessageId, next.MessageId], De.Inbox().Select(m => m.MessageId));
        Assert.Empty(await De.Store.AlarmsAsync());
    }

    [Fact]
    public async Task HubDropsAMessage_DeStoresTheOthers_AndRaisesAGapAlarmNamingItsMissingNumber()
    {
        var first = await Fr.EnqueueAsync("DE");
        await Fr.EnqueueAsync("IT");
        var dropped = await Fr.EnqueueAsync("DE");
        var last = await Fr.EnqueueAsync("DE");
        Assert.Equal(4, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        Hub.DropDelivery("DE", Hub.HubSequenceOf(Fr.Party, dropped.MessageId));

        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 2), "DE stores the two messages it is given");

        Assert.Equal([first.MessageId, last.MessageId], De.Inbox().Select(m => m.MessageId));
        var alarm = Assert.Single(await De.Store.AlarmsAsync());
        Assert.Equal((SequenceAlarm.Gap, Fr.Party, 2L, 3L), (alarm.Kind, alarm.Sender, alarm.Expected, alarm.Received));
    }

    [Fact]
    public async Task HubDelaysAMessageBehindALaterOne_DeStoresBoth_AndRaisesAGapThenAReorderAlarm()
    {
        var sent = new List<EnqueuedMessage>();
        for (var i = 0; i < 3; i++)
        {
            sent.Add(await Fr.EnqueueAsync("DE"));
        }

        Assert.Equal(3, await Fr.Sender.RunOnceAsync(CancellationToken.None));
        var delayed = Hub.HubSequenceOf(Fr.Party, sent[1].MessageId);
        Hub.DropDelivery("DE", delayed);
        Hub.InsertDelivery("DE", delayed);

        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(De.Inbox().Count == 3), "DE stores all three");

        Assert.Equal([sent[0].MessageId, sent[2].MessageId, sent[1].MessageId], De.Inbox().Select(m => m.MessageId));
        var alarms = await De.Store.AlarmsAsync();
        Assert.Equal([(SequenceAlarm.Gap, 2L, 3L), (SequenceAlarm.Reorder, 4L, 2L)], alarms.Select(a => (a.Kind, a.Expected, a.Received)));
        Assert.All(alarms, a => Assert.Equal(Fr.Party, a.Sender));
    }

    private static string PartyOf(string code) => Protocol.Identities.PartyId.Member(code).Uri;

    /// <summary>The Recipient.sequence of each member entry in the envelope FR sealed for <paramref name="message"/>.</summary>
    private async Task<Dictionary<string, ulong>> RecipientSequencesAsync(EnqueuedMessage message)
    {
        var envelope = Envelope.Parser.ParseFrom((await Fr.Store.GetOutboxAsync(message.LocalId))!.Envelope);
        return EnvelopeHeader.Parser.ParseFrom(envelope.Header).Recipients.ToDictionary(r => r.Party, r => r.Sequence);
    }
}
