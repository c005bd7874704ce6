using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Search;
using HstFederation.Protocol.V1;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary>The outbox and inbox lists: newest first, keyset pages, filters that exclude what they should.</summary>
public sealed class NodeStoreListingTests
{
    [Fact]
    public async Task ListOutboxAsync_Pages_NewestFirstUntilTheLast()
    {
        await using var temp = TempNodeStore.Create();
        for (var n = 1; n <= 5; n++)
        {
            await temp.Store.EnqueueAsync(Outgoing(n, Labelled(temp, n, HandlingCode.H1, CrimeType.MigrantSmuggling)));
        }

        var first = await temp.Store.ListOutboxAsync(new OutboxQuery { Limit = 2 });
        var second = await temp.Store.ListOutboxAsync(new OutboxQuery { Limit = 2, BeforeLocalId = first.NextBeforeLocalId });
        await temp.Store.EnqueueAsync(Outgoing(6, Labelled(temp, 6, HandlingCode.H1, CrimeType.MigrantSmuggling)));
        var third = await temp.Store.ListOutboxAsync(new OutboxQuery { Limit = 2, BeforeLocalId = second.NextBeforeLocalId });

        Assert.Equal([5L, 4L], first.Items.Select(i => i.LocalId));
        Assert.Equal([3L, 2L], second.Items.Select(i => i.LocalId));
        Assert.Equal([1L], third.Items.Select(i => i.LocalId)); // a message queued meanwhile does not shift the pages
        Assert.Equal(4, first.NextBeforeLocalId);
        Assert.Null(third.NextBeforeLocalId);
        Assert.Null((await temp.Store.ListOutboxAsync(new OutboxQuery { Limit = 6 })).NextBeforeLocalId);
    }

    [Fact]
    public async Task ListOutboxAsync_Item_SummaryAddresseesAndDeliveriesWithoutContent()
    {
        await using var temp = TempNodeStore.Create();
        var queued = await temp.Store.EnqueueAsync(Outgoing(1, Labelled(temp, 1, HandlingCode.H2, CrimeType.DocumentFraud, CrimeType.MigrantSmuggling), DE, IT));
        await temp.Store.RecordDeliveryReceiptAsync(Id(1), IT, [1, 2, 3]);
        await temp.Store.MarkRejectedAsync(queued.LocalId, "RecipientSuspended", "IT is suspended");

        var item = Assert.Single((await temp.Store.ListOutboxAsync(new OutboxQuery())).Items);

        Assert.Equal(Id(1), item.MessageId);
        Assert.Equal(1, item.Sequence);
        Assert.Equal(TestMessages.Agency, item.Actor);
        Assert.Equal([DE, IT], item.Addressees);
        Assert.Equal([IT], item.DeliveredTo);
        Assert.Equal(OutboxState.Rejected, item.State);
        Assert.Equal("RecipientSuspended", item.RejectReason);
        Assert.True(item.Summary.Parsed);
        Assert.Equal(HandlingCode.H2, item.Summary.Handling);
        Assert.Equal("REF-1", item.Summary.CaseReference);
        Assert.Equal("Title of REF-1", item.Summary.CaseTitle);
        Assert.Equal([CrimeType.MigrantSmuggling, CrimeType.DocumentFraud], item.Summary.CrimeTypes);
    }

    [Fact]
    public async Task ListOutboxAsync_StateAndSinceFilters_ExcludeTheOthers()
    {
        await using var temp = TempNodeStore.Create();
        var early = await temp.Store.EnqueueAsync(Outgoing(1, Labelled(temp, 1, HandlingCode.H1, CrimeType.MigrantSmuggling)));
        temp.Time.Advance(TimeSpan.FromHours(1));
        var since = temp.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var accepted = await temp.Store.EnqueueAsync(Outgoing(2, Labelled(temp, 2, HandlingCode.H1, CrimeType.MigrantSmuggling)));
        await temp.Store.EnqueueAsync(Outgoing(3, Labelled(temp, 3, HandlingCode.H1, CrimeType.MigrantSmuggling)));
        await temp.Store.MarkAcceptedAsync(accepted.LocalId, [9], 42);
        await temp.Store.MarkAcceptedAsync(early.LocalId, [8], 41);

        Assert.Equal([3L], await LocalIds(temp, new OutboxQuery { State = OutboxState.Queued }));
        Assert.Equal([2L, 1L], await LocalIds(temp, new OutboxQuery { State = OutboxState.Accepted }));
        Assert.Equal([3L, 2L], await LocalIds(temp, new OutboxQuery { CreatedSinceMs = since }));
        Assert.Equal([2L], await LocalIds(temp, new OutboxQuery { CreatedSinceMs = since, State = OutboxState.Accepted }));
        Assert.Empty(await LocalIds(temp, new OutboxQuery { State = OutboxState.Rejected }));
    }

    [Fact]
    public async Task ListOutboxAsync_HandlingFilter_OnlyTheAllowedCodes()
    {
        await using var temp = TempNodeStore.Create();
        HandlingCode[] codes = [HandlingCode.H0, HandlingCode.H1, HandlingCode.H2, HandlingCode.H3];
        for (var n = 1; n <= codes.Length; n++)
        {
            await temp.Store.EnqueueAsync(Outgoing(n, Labelled(temp, n, codes[n - 1], CrimeType.MigrantSmuggling)));
        }

        Assert.Equal([2L, 1L], await LocalIds(temp, new OutboxQuery { Content = new ContentFilter { HandlingCodes = [HandlingCode.H0, HandlingCode.H1] } }));
        Assert.Equal([4L], await LocalIds(temp, new OutboxQuery { Content = new ContentFilter { HandlingCodes = [HandlingCode.H3] } }));
        Assert.Empty(await LocalIds(temp, new OutboxQuery { Content = new ContentFilter { HandlingCodes = [] } }));
        Assert.Equal([4L, 3L, 2L, 1L], await LocalIds(temp, new OutboxQuery { Content = new ContentFilter() }));
    }

    [Fact]
    public async Task ListInboxAsync_CrimeTypeFilter_AnyOrAllAllowed()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1, Labelled(temp, 1, HandlingCode.H1, CrimeType.MigrantSmuggling)));
        await temp.Store.StoreReceivedAsync(Incoming(FR, 2, 2, Labelled(temp, 2, HandlingCode.H1, CrimeType.MigrantSmuggling, CrimeType.TraffickingOrganRemoval)));
        await temp.Store.StoreReceivedAsync(Incoming(FR, 3, 3, Labelled(temp, 3, HandlingCode.H1, CrimeType.TraffickingForcedLabour)));
        CrimeType[] smuggling = [CrimeType.MigrantSmuggling];

        Assert.Equal([2L, 1L], await LocalIds(temp, new InboxQuery { Content = new ContentFilter { CrimeTypes = smuggling } }));
        Assert.Equal([1L], await LocalIds(temp, new InboxQuery { Content = new ContentFilter { CrimeTypes = smuggling, CrimeTypeMatch = CrimeTypeMatch.All } }));
        Assert.Equal([3L], await LocalIds(temp, new InboxQuery { Content = new ContentFilter { CrimeTypes = [CrimeType.TraffickingForcedLabour, CrimeType.ChildTrafficking] } }));
        Assert.Empty(await LocalIds(temp, new InboxQuery { Content = new ContentFilter { CrimeTypes = [CrimeType.DocumentFraud] } }));
        Assert.Empty(await LocalIds(temp, new InboxQuery { Content = new ContentFilter { CrimeTypes = [], CrimeTypeMatch = CrimeTypeMatch.All } }));
    }

    [Fact]
    public async Task ListInboxAsync_SenderSinceAndScope_CombineWithPaging()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.StoreReceivedAsync(Incoming(FR, 1, 1, Labelled(temp, 1, HandlingCode.H1, CrimeType.MigrantSmuggling)));
        temp.Time.Advance(TimeSpan.FromMinutes(5));
        var since = temp.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await temp.Store.StoreReceivedAsync(Incoming(IT, 2, 1, Labelled(temp, 2, HandlingCode.H1, CrimeType.MigrantSmuggling)));
        await temp.Store.StoreReceivedAsync(Incoming(FR, 3, 2, Labelled(temp, 3, HandlingCode.H3, CrimeType.MigrantSmuggling)));
        await temp.Store.StoreReceivedAsync(Incoming(FR, 4, 3, Labelled(temp, 4, HandlingCode.H1, CrimeType.MigrantSmuggling)));
        await temp.Store.StoreReceivedAsync(Incoming(FR, 5, 4, Labelled(temp, 5, HandlingCode.H1, CrimeType.MigrantSmuggling)));
        var query = new InboxQuery
        {
            Limit = 1, Sender = FR, ReceivedSinceMs = since,
            Content = new ContentFilter { HandlingCodes = [HandlingCode.H0, HandlingCode.H1] },
        };

        var first = await temp.Store.ListInboxAsync(query);
        var second = await temp.Store.ListInboxAsync(query with { BeforeLocalId = first.NextBeforeLocalId });

        var newest = Assert.Single(first.Items);
        Assert.Equal(5, newest.LocalId);
        Assert.Equal(FR, newest.Sender);
        Assert.Equal(Id(5), newest.MessageId);
        Assert.Equal(4, newest.Sequence);
        Assert.Equal("REF-5", newest.Summary.CaseReference);
        Assert.Equal([4L], second.Items.Select(i => i.LocalId));
        Assert.Null(second.NextBeforeLocalId);
        Assert.Equal([2L], await LocalIds(temp, new InboxQuery { Sender = IT }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(OutboxQuery.MaxLimit + 1)]
    public async Task ListAsync_LimitOutOfRange_Refused(int limit)
    {
        await using var temp = TempNodeStore.Create();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => temp.Store.ListOutboxAsync(new OutboxQuery { Limit = limit }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => temp.Store.ListInboxAsync(new InboxQuery { Limit = limit }));
    }

    private static Protocol.V1.HstMessage Labelled(TempNodeStore temp, int n, HandlingCode handling, params CrimeType[] crimeTypes) =>
        IndexedMessages.Labelled(temp.Time.GetUtcNow(), $"REF-{n}", handling, crimeTypes);

    private static async Task<List<long>> LocalIds(TempNodeStore temp, OutboxQuery query) =>
        [.. (await temp.Store.ListOutboxAsync(query)).Items.Select(i => i.LocalId)];

    private static async Task<List<long>> LocalIds(TempNodeStore temp, InboxQuery query) =>
        [.. (await temp.Store.ListInboxAsync(query)).Items.Select(i => i.LocalId)];
}
