using HstFederation.Node.Tests.HubLink;

namespace HstFederation.Node.Tests.Lifecycle;

/// <summary>The starting point of the source-side tests: a message FR really sent to DE through the hub.</summary>
internal static class SentToDe
{
    /// <summary>FR sends an H1 message to DE; both subscribers run; returns its id once DE stored it.</summary>
    public static async Task<byte[]> SendAsync(TestNode fr, TestNode de)
    {
        var message = await fr.EnqueueAsync("DE");
        Assert.Equal(1, await fr.Sender.RunOnceAsync(CancellationToken.None));
        de.StartSubscriber();
        fr.StartSubscriber();
        await Eventually.TrueAsync(async () => await de.Store.GetReceivedAsync(fr.Party, message.MessageId) is not null, "DE stores the message");
        return message.MessageId;
    }
}
