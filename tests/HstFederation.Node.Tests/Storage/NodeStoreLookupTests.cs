using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;
using static HstFederation.Node.Tests.Storage.TestMessages;

namespace HstFederation.Node.Tests.Storage;

/// <summary><c>show &lt;id&gt;</c>: a message found by id in either box, with its evidence and content.</summary>
public sealed class NodeStoreLookupTests
{
    [Fact]
    public async Task FindByMessageIdAsync_Outbox_EntryWithEveryRecipientsReceiptAndSummary()
    {
        await using var temp = TempNodeStore.Create();
        var message = SampleMessages.Realistic(temp.Time.GetUtcNow());
        var item = Outgoing(1, message, DE, IT);
        await temp.Store.EnqueueAsync(item);
        await temp.Store.RecordDeliveryReceiptAsync(Id(1), DE, [0xDE]);
        await temp.Store.RecordDeliveryReceiptAsync(Id(1), IT, [0x17]);

        var found = await temp.Store.FindByMessageIdAsync(Id(1));

        Assert.True(found.IsFound);
        Assert.Empty(found.Inbox);
        var outbox = found.Outbox!;
        Assert.Equal(item.Plaintext, outbox.Entry.Plaintext);
        Assert.Equal([(DE, new byte[] { 0xDE }), (IT, new byte[] { 0x17 })], outbox.Entry.Deliveries.Select(d => (d.Recipient, d.Receipt)));
        Assert.Equal(HandlingCode.H2, outbox.Summary.Handling);
        Assert.Equal(message.Case.Reference, outbox.Summary.CaseReference);
    }

    [Fact]
    public async Task FindByMessageIdAsync_Inbox_EnvelopeForwardsAndEverySenderClaimingTheId()
    {
        await using var temp = TempNodeStore.Create();
        var message = SampleMessages.Realistic(temp.Time.GetUtcNow());
        var fromIt = Incoming(IT, 7, 1, message) with { Forwards = 2 };
        await temp.Store.StoreReceivedAsync(fromIt);
        await temp.Store.StoreReceivedAsync(Incoming(DE, 7, 1) with { Plaintext = [0xFF, 0xFF] }); // not protobuf
        await temp.Store.StoreReceivedAsync(Incoming(DE, 8, 2, message));

        var found = await temp.Store.FindByMessageIdAsync(Id(7));

        Assert.Null(found.Outbox);
        Assert.Equal([IT, DE], found.Inbox.Select(i => i.Entry.Message.Sender));
        var it = found.Inbox[0];
        Assert.Equal(fromIt.Envelope, it.Entry.Message.Envelope);
        Assert.Equal(fromIt.HeaderHash, it.Entry.Message.HeaderHash);
        Assert.Equal(fromIt.Plaintext, it.Entry.Message.Plaintext);
        Assert.Equal(2, it.Entry.Message.Forwards);
        Assert.True(it.Summary.Parsed);
        Assert.False(found.Inbox[1].Summary.Parsed);
    }

    [Fact]
    public async Task FindByMessageIdAsync_UnknownId_NotFound_WrongLengthRefused()
    {
        await using var temp = TempNodeStore.Create();
        await temp.Store.EnqueueAsync(Outgoing(1));
        await temp.Store.StoreReceivedAsync(Incoming(FR, 2, 1));

        var found = await temp.Store.FindByMessageIdAsync(Id(3));

        Assert.False(found.IsFound);
        await Assert.ThrowsAsync<ArgumentException>(() => temp.Store.FindByMessageIdAsync(new byte[15]));
    }
}
