using Google.Protobuf;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Hosting;

/// <summary>What a member acknowledges a delivered envelope with, as a node signs it.</summary>
internal static class DeliveryReceipts
{
    public static SignedStatement For(HubServer hub, VerifiedEnvelope verified, string recipient) =>
        SignedStatements.Sign(
            new DeliveryReceipt
            {
                Version = 1,
                MessageId = verified.Header.MessageId,
                HeaderSha256 = ByteString.CopyFrom(verified.HeaderSha256.Span),
                Sender = verified.Header.Sender,
                Recipient = $"urn:hst:member:{recipient}",
                ReceivedAtMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(),
            },
            StatementKind.DeliveryReceipt,
            hub.Credentials(recipient));

    /// <summary>Acknowledges <paramref name="delivery"/> (an envelope) as <paramref name="recipient"/> with its signed receipt.</summary>
    public static async Task<AcknowledgeResponse> AcknowledgeAsync(HubServer hub, string recipient, Delivery delivery, VerifiedEnvelope verified) =>
        await hub.Client(recipient).AcknowledgeAsync(new AcknowledgeRequest
        {
            Acknowledgements = { new Acknowledgement { Cursor = delivery.Cursor, DeliveryReceipt = For(hub, verified, recipient) } },
        });
}
