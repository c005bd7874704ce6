using System.Security.Cryptography;
using HstFederation.LoadGenerator.Federation;
using HstFederation.LoadGenerator.Measure;
using HstFederation.LoadGenerator.Results;
using HstFederation.LoadGenerator.Workload;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.LoadGenerator.Load;

/// <summary>
/// After the timed phase (off the clock): every acceptance receipt must verify against the federation root,
/// be signed by the hub, and name the message, its sender, the envelope's hash and exactly its recipients.
/// </summary>
internal static class ReceiptCheck
{
    public static Checks Run(MessagePlan plan, SubmitResponse?[] responses, Timeline timeline, BenchFederation federation)
    {
        var timed = plan.TimedMessages.ToList();
        var verified = 0;
        Parallel.ForEach(timed, message =>
        {
            if (responses[message.Index] is { } response && Verifies(message, response.Receipt, federation))
            {
                Interlocked.Increment(ref verified);
            }
        });

        var expected = timed.Sum(m => (long)m.Recipients.Count(r => r != plan.SlowMember));
        var relayed = timeline.Latencies(Milestone.AllRelayed).Length;
        return new Checks
        {
            Messages = timed.Count,
            Receipted = timed.Count(m => responses[m.Index] is not null),
            ReceiptsVerified = verified,
            DeliveriesExpected = expected,
            Delivered = timeline.Deliveries, // timed messages only
            FullyRelayedExpected = timed.Count(m => m.Recipients.Any(r => r != plan.SlowMember)),
            FullyRelayed = relayed,
            Duplicates = timeline.Duplicates,
            Unknown = timeline.Unknown,
        };
    }

    private static bool Verifies(PlannedMessage message, SignedStatement receipt, BenchFederation federation)
    {
        var result = SignedStatements.Verify(receipt, StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, federation.Trust, r => r.AcceptedAtMs);
        if (!result.IsSuccess || !result.Value.Signer.Party.IsHub)
        {
            return false;
        }

        var statement = result.Value.Statement;
        var sender = federation.Members[message.Sender].Credentials.Party.Uri;
        var recipients = message.Recipients.Select(r => federation.Members[r].Credentials.Party.Uri).Order(StringComparer.Ordinal);
        return statement.MessageId.Length == 16
            && new Guid(statement.MessageId.Span) == message.MessageId
            && statement.Sender == sender
            && statement.EnvelopeSha256.Span.SequenceEqual(SHA256.HashData(message.Request.Envelope.Span))
            && statement.Recipients.Order(StringComparer.Ordinal).SequenceEqual(recipients);
    }
}
