using HstFederation.Node.Sending;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Benchmarks;

/// <summary>
/// What NodeSendBenchmarks sends and the sizes the report's model needs: the 4096-byte message addressed to the
/// first <see cref="Recipients"/> members, sealed as the node's outbox seals it (the message id fixed at enqueue,
/// a sequence per recipient), and the acceptance receipt the hub signs for it.
/// </summary>
internal sealed record NodeSendShape(int HeaderBytes, int EnvelopeBytes, int ReceiptSignedBytes)
{
    public const int Recipients = 10;

    public static IReadOnlyList<string> RecipientCodes(BenchmarkFederation federation) => [.. federation.MemberCodes.Take(Recipients)];

    /// <summary>`hst-node send --to` the recipients: the padded message, already addressed to exactly them, so it stays 4096 bytes.</summary>
    public static SendRequest Request(BenchmarkFederation federation)
    {
        var codes = RecipientCodes(federation);
        var addressees = new Addressees();
        addressees.Members.AddRange(codes);
        return new SendRequest(BenchmarkFederation.PaddedMessage(BenchmarkFederation.Now, addressees), codes, []);
    }

    public static NodeSendShape Of(BenchmarkFederation federation)
    {
        var recipients = federation.RecipientKeys(Recipients);
        var envelope = federation.Sealer.Seal(Request(federation).Message, federation.Sender, recipients, new SealOptions
        {
            Sequence = 1,
            RecipientSequences = recipients.ToDictionary(r => r.Party.Uri, _ => 1UL),
            MessageId = MessageIds.NewId(BenchmarkFederation.Now, SystemRandomSource.Instance),
        });
        var receipt = StubHubService.Receipt(envelope.Bytes.Span, 1, BenchmarkFederation.Now.ToUnixTimeMilliseconds());
        return new NodeSendShape(envelope.Header.CalculateSize(), envelope.Bytes.Length, Signatures.AcceptanceReceiptLabel.Length + receipt.CalculateSize());
    }
}
