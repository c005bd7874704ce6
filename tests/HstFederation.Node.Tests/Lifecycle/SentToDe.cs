using System.Security.Cryptography;
using Google.Protobuf;
using HstFederation.Protocol.V1;
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

    /// <summary>The hub's retention review of <paramref name="messageId"/> bound to <paramref name="headerSha256"/>, due in 150 days, one holder.</summary>
    public static RetentionReview Review(byte[] messageId, byte[] headerSha256, DateTimeOffset now) => new()
    {
        MessageId = ByteString.CopyFrom(messageId),
        HeaderSha256 = ByteString.CopyFrom(headerSha256),
        RetainUntilMs = now.AddDays(150).ToUnixTimeMilliseconds(),
        RequestedAtMs = now.ToUnixTimeMilliseconds(),
        Holders = 1,
    };

    /// <summary>The SHA-256 of the signed header FR's outbox kept for <paramref name="messageId"/> (what the hub holds).</summary>
    public static async Task<byte[]> HeaderSha256Async(TestNode node, byte[] messageId)
    {
        var envelope = (await node.Store.GetOutboxByMessageIdAsync(messageId))!.Envelope!;
        return SHA256.HashData(Envelope.Parser.ParseFrom(envelope).Header.Span);
    }
}
