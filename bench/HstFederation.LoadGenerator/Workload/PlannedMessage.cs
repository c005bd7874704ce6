using HstFederation.Protocol.V1;

namespace HstFederation.LoadGenerator.Workload;

/// <summary>
/// One message of a run, sealed before the timed phase: who sends it, who must receive it, the request
/// ready to send, and each recipient's delivery receipt, signed in advance too (client crypto stays out
/// of the measurement; the hub verifies those signatures as it would any other).
/// </summary>
internal sealed class PlannedMessage(int index, int sender, int[] recipients, SubmitRequest request, Guid messageId, int envelopeBytes, SignedStatement[] receipts)
{
    public int Index { get; } = index;

    /// <summary>Index of the sending member in the federation's member list.</summary>
    public int Sender { get; } = sender;

    /// <summary>Indexes of the recipient members, in the order of <see cref="Receipts"/>.</summary>
    public int[] Recipients { get; } = recipients;

    public SubmitRequest Request { get; } = request;

    public Guid MessageId { get; } = messageId;

    public int EnvelopeBytes { get; } = envelopeBytes;

    /// <summary>The delivery receipt each recipient acknowledges with, by position in <see cref="Recipients"/>.</summary>
    public SignedStatement[] Receipts { get; } = receipts;

    public SignedStatement ReceiptOf(int member) => Receipts[Array.IndexOf(Recipients, member)];
}
