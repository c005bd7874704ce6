using Google.Protobuf;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>
/// The source's side of one relayed <see cref="DeliveryReceipt"/> (alone, <c>Delivery.delivery_receipt</c>, or one of a
/// <c>Delivery.delivery_receipt_batch</c>): it must verify, be version 1, be signed by the recipient it names and be for
/// a message this node sent, binding the header it sent (header_sha256). Recorded on that outbox message (a repeat is
/// recognised); returns why not otherwise.
/// </summary>
internal sealed class DeliveryReceiptRecorder(NodeStore store, PartyCredentials me, FederationTrust trust, ILogger logger)
{
    /// <param name="roots">Batch roots verified so far in the same relayed batch: its receipts, signed as one batch by their
    /// recipient, then cost one signature verification between them.</param>
    public async Task<(string Reason, string Detail)?> RecordAsync(SignedStatement signed, CancellationToken cancellationToken, VerifiedBatchRoots? roots = null)
    {
        var verified = SignedStatements.Verify(signed, StatementKind.DeliveryReceipt, DeliveryReceipt.Parser, trust, r => r.ReceivedAtMs, roots);
        if (!verified.IsSuccess)
        {
            return (verified.Reason.ToString(), verified.Rejection!.Detail);
        }

        var receipt = verified.Value.Statement;
        if (verified.Value.Signer.Party.Uri != receipt.Recipient || receipt.Sender != me.Party.Uri)
        {
            return (RejectionReason.ReceiptInvalid.ToString(), "the receipt is not signed by its recipient or is for another sender's message");
        }

        // As the hub checks it (docs/protocol.md §12.2), again here: a receipt marks the message delivered only if it binds
        // the very header this node signed, or the recipient could later deny having received that message.
        if (receipt.Version != ProtocolVersions.Current)
        {
            return (RejectionReason.ReceiptInvalid.ToString(), $"the receipt's version {receipt.Version} is not {ProtocolVersions.Current}");
        }

        if (store.SentHeaderSha256(receipt.MessageId.ToByteArray()) is not { } sent)
        {
            return (LocalReasons.UnknownMessage, "this node sent no message with the receipt's message id");
        }

        if (!receipt.HeaderSha256.Span.SequenceEqual(sent))
        {
            return (RejectionReason.ReceiptInvalid.ToString(), "the receipt's header_sha256 is not the header this node sent");
        }

        try
        {
            var isNew = await store.RecordDeliveryReceiptAsync(receipt.MessageId.ToByteArray(), receipt.Recipient, signed.ToByteArray(), cancellationToken)
                .ConfigureAwait(false);
            HubLinkLog.ReceiptRecorded(logger, receipt.Recipient, isNew);
            return null;
        }
        catch (InvalidOperationException error)
        {
            return (LocalReasons.UnknownMessage, error.Message);
        }
    }
}
