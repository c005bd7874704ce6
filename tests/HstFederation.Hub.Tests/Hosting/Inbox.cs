using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>A member's side of Subscribe, reduced to what tests need: the next deliveries, and opening what came.</summary>
internal static class Inbox
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>Subscribes as <paramref name="member"/> after <paramref name="afterCursor"/> and returns the next <paramref name="count"/> deliveries.</summary>
    public static async Task<List<Delivery>> ReceiveAsync(HubServer hub, string member, int count, ulong afterCursor = 0)
    {
        using var cancel = new CancellationTokenSource(Deadline);
        using var stream = hub.Client(member).Subscribe(new SubscribeRequest { AfterCursor = afterCursor, ReceiptBatches = true }, cancellationToken: cancel.Token);
        var received = new List<Delivery>(count);
        while (received.Count < count && await stream.ResponseStream.MoveNext(cancel.Token))
        {
            received.Add(stream.ResponseStream.Current);
        }

        return received;
    }

    /// <summary>The envelope as a node opens it: the whole verification (with the directory's policy) and decryption, any content type.</summary>
    public static OpenedContent OpenContent(HubServer hub, Delivery delivery, string member) =>
        new EnvelopeOpener(new EnvelopeVerifier(hub.Trust, HandlingPolicy.WithoutRegions))
            .OpenContent(delivery.Envelope.Memory, hub.Credentials(member))
            .GetValueOrThrow();
}
