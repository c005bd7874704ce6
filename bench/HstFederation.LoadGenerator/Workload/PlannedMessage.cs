using Google.Protobuf;
using HstFederation.Protocol.V1;

namespace HstFederation.LoadGenerator.Workload;

/// <summary>
/// One message of a run, sealed before the timed phase: who sends it, who must receive it, the request
/// ready to send, and each recipient's delivery receipt, written in advance too (serialized; the subscriber signs each
/// acknowledge call's receipts as one batch, one signature per call, as a node does; the hub verifies them as any other).
/// </summary>
internal sealed class PlannedMessage(int index, int sender, int[] recipients, SubmitRequest request, Guid messageId, int envelopeBytes, ByteString[] receipts)
{
    public int Index { get; } = index;

    /// <summary>Index of the sending member in the federation's member list.</summary>
    public int Sender { get; } = sender;

    /// <summary>Indexes of the recipient members, in the order of <see cref="Receipts"/>.</summary>
    public int[] Recipients { get; } = recipients;

    public SubmitRequest Request { get; } = request;

    public Guid MessageId { get; } = messageId;

    public int EnvelopeBytes { get; } = envelopeBytes;

    /// <summary>The delivery receipt (a serialized DeliveryReceipt) each recipient acknowledges with, by position in <see cref="Recipients"/>.</summary>
    public ByteString[] Receipts { get; } = receipts;

    public ByteString ReceiptOf(int member) => Receipts[Array.IndexOf(Recipients, member)];
}
