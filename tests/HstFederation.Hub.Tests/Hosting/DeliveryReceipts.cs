using Google.Protobuf;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>What a member acknowledges a delivered envelope with, as a node signs it.</summary>
internal static class DeliveryReceipts
{
    /// <param name="change">Alters the statement before it is signed (a hostile recipient's receipt), if given.</param>
    public static SignedStatement For(HubServer hub, VerifiedEnvelope verified, string recipient, Action<DeliveryReceipt>? change = null)
    {
        var statement = Statement(verified, recipient);
        change?.Invoke(statement);
        return SignedStatements.Sign(statement, StatementKind.DeliveryReceipt, hub.Credentials(recipient));
    }

    /// <summary>The receipts of several envelopes, signed as one batch as a node signs an acknowledge call's (docs/protocol.md §12.2).</summary>
    public static IReadOnlyList<SignedStatement> ForBatch(HubServer hub, IEnumerable<VerifiedEnvelope> verified, string recipient) =>
        BatchProofs.SignDeliveryReceipts(verified.Select(v => Statement(v, recipient)).ToList(), hub.Credentials(recipient));

    private static DeliveryReceipt Statement(VerifiedEnvelope verified, string recipient) => new()
    {
        Version = 1,
        MessageId = verified.Header.MessageId,
        HeaderSha256 = ByteString.CopyFrom(verified.HeaderSha256.Span),
        Sender = verified.Header.Sender,
        Recipient = $"urn:hst:member:{recipient}",
        ReceivedAtMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(),
    };

    /// <summary>Acknowledges <paramref name="delivery"/> (an envelope) as <paramref name="recipient"/> with its signed receipt.</summary>
    public static async Task<AcknowledgeResponse> AcknowledgeAsync(HubServer hub, string recipient, Delivery delivery, VerifiedEnvelope verified) =>
        await hub.Client(recipient).AcknowledgeAsync(new AcknowledgeRequest
        {
            Acknowledgements = { new Acknowledgement { Cursor = delivery.Cursor, DeliveryReceipt = For(hub, verified, recipient) } },
        });
}
