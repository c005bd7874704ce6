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

    /// <summary>
    /// Subscribes as <paramref name="member"/> from the start and returns its first <paramref name="count"/> envelope
    /// deliveries, skipping the receipts and lifecycle statements streamed between them.
    /// </summary>
    public static async Task<List<Delivery>> ReceiveEnvelopesAsync(HubServer hub, string member, int count)
    {
        using var cancel = new CancellationTokenSource(Deadline);
        using var stream = hub.Client(member).Subscribe(new SubscribeRequest { AfterCursor = 0, ReceiptBatches = true }, cancellationToken: cancel.Token);
        var received = new List<Delivery>(count);
        while (received.Count < count && await stream.ResponseStream.MoveNext(cancel.Token))
        {
            if (stream.ResponseStream.Current.ItemCase == Delivery.ItemOneofCase.Envelope)
            {
                received.Add(stream.ResponseStream.Current);
            }
        }

        return received;
    }

    /// <summary>
    /// The envelope as a node opens it: the whole verification (with the directory's policy) and decryption, any content
    /// type; on <paramref name="clock"/> when given (a hub on a fake clock), else on the hub's trust store's.
    /// </summary>
    public static OpenedContent OpenContent(HubServer hub, Delivery delivery, string member, TimeProvider? clock = null) =>
        new EnvelopeOpener(new EnvelopeVerifier(clock is null ? hub.Trust : hub.Federation.CreateTrust(clock), HandlingPolicy.WithoutRegions))
            .OpenContent(delivery.Envelope.Memory, hub.Credentials(member))
            .GetValueOrThrow();
}
