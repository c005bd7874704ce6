using System.Text;
using HstFederation.Node.Storage;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary>THREATS row 19: hostile strings are data, stored and returned byte-exact, never SQL.</summary>
public sealed class NodeStoreHostileStringsTests
{
    public static TheoryData<string> Hostile => new()
    {
        "Robert'); DROP TABLE outbox;--",
        "\" OR 1=1 -- ; /* */ %_ \\ $id @x ?1",
        "\u202Egnp.exe\u202C \u200F\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627",
        "nul\0inside\u0001\u001B[31m\r\n\t",
        new string('\u00E9', 1024 * 1024),
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Outbox_HostileText_RoundTripsByteExact(string text)
    {
        await using var temp = TempNodeStore.Create();
        var plaintext = Encoding.UTF8.GetBytes(text);
        var queued = await temp.Store.EnqueueAsync(new OutboxItem(Id(1), text, plaintext, [text, DE]));
        await temp.Store.MarkRejectedAsync(queued.LocalId, text, text);

        var entry = (await (await temp.ReopenAsync()).GetOutboxAsync(queued.LocalId))!;

        Assert.Equal(plaintext, entry.Plaintext);
        Assert.Equal(text, entry.Actor);
        Assert.Contains(text, entry.Addressees);
        Assert.Equal(text, entry.RejectReason);
        Assert.Equal(text, entry.RejectDetail);
        Assert.Equal(3, temp.Count("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('outbox', 'inbox', 'audit');"));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Inbox_HostileText_RoundTripsByteExact(string text)
    {
        await using var temp = TempNodeStore.Create();
        var bytes = Encoding.UTF8.GetBytes(text);
        var delivery = new ReceivedEnvelope(text, Id(1), 1, Filled(32, 1), bytes, bytes, 2);
        await temp.Store.StoreReceivedAsync(delivery);
        await temp.Store.QuarantineAsync(bytes, text, text);

        var store = await temp.ReopenAsync();
        var stored = (await store.GetReceivedAsync(text, Id(1)))!;
        var quarantined = Assert.Single(await store.QuarantinedAsync());

        Assert.Equal(bytes, stored.Message.Plaintext);
        Assert.Equal(bytes, stored.Message.Envelope);
        Assert.Equal(text, stored.Message.Sender);
        Assert.Equal(2, stored.Message.Forwards);
        Assert.Equal(bytes, quarantined.Envelope);
        Assert.Equal(text, quarantined.Reason);
        Assert.Equal(text, quarantined.Detail);
    }
}
