using System.Collections.Concurrent;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;
using HstFederation.Testing.Samples;

namespace HstFederation.Hub.Tests.Faults;

/// <summary>
/// A member's outbox under load: envelopes sealed in advance with consecutive sequence numbers, submitted by
/// a few concurrent tasks. A call that fails because the hub died is retried with the same envelope once the
/// hub is back (on a new channel), until a receipt comes; every receipt is verified and kept.
/// </summary>
internal sealed class LoadSender(string code, HubProcess hub, IReadOnlyList<PlannedMessage> plan, FaultLog log)
{
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(15);
    private readonly ConcurrentQueue<PlannedMessage> _outbox = new(plan);
    private int _retries;
    private int _duplicates;

    public string Code { get; } = code;

    public IReadOnlyList<PlannedMessage> Plan { get; } = plan;

    /// <summary>The verified receipt of every message, as serialized bytes, by message.</summary>
    public ConcurrentDictionary<MessageKey, (ulong HubSequence, byte[] Receipt)> Receipts { get; } = new();

    /// <summary>Submissions retried after a failed call.</summary>
    public int Retries => _retries;

    /// <summary>Answers saying the hub already had the envelope: it committed, then died before answering.</summary>
    public int Duplicates => _duplicates;

    public static PlannedMessage[] Seal(HubProcess hub, string from, IReadOnlyList<string> to, int count)
    {
        var sealer = new EnvelopeSealer(TimeProvider.System, HandlingPolicy.WithoutRegions);
        var sender = hub.Credentials(from);
        var recipients = to.Select(c => hub.Credentials(c).Encryption).ToList();
        var planned = new PlannedMessage[count];
        for (var i = 0; i < count; i++)
        {
            var message = SampleMessages.Minimal(TimeProvider.System.GetUtcNow());
            message.Handling.Addressees = new Addressees { Members = { to } };
            var sequence = (ulong)i + 1;
            var sealedEnvelope = sealer.Seal(message, sender, recipients, new SealOptions { Sequence = sequence });
            planned[i] = new PlannedMessage(MessageKey.Of(from, sealedEnvelope.MessageId.Span), sequence, to, sealedEnvelope.Bytes.ToArray());
        }

        return planned;
    }

    public Task RunAsync(int concurrency, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => SubmitLoopAsync(cancellationToken), cancellationToken)));

    private async Task SubmitLoopAsync(CancellationToken cancellationToken)
    {
        while (_outbox.TryDequeue(out var message))
        {
            await SubmitUntilReceiptAsync(message, cancellationToken);
        }
    }

    private async Task SubmitUntilReceiptAsync(PlannedMessage message, CancellationToken cancellationToken)
    {
        var request = new SubmitRequest { Envelope = ByteString.CopyFrom(message.Envelope) };
        var generation = await hub.RunningAsync(cancellationToken);
        while (true)
        {
            SubmitResponse response;
            try
            {
                response = await generation.Client(Code).SubmitAsync(request, deadline: DateTime.UtcNow.Add(CallDeadline), cancellationToken: cancellationToken);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && FaultLog.IsTransient(e.StatusCode))
            {
                log.Failed("submit", generation, e);
                Interlocked.Increment(ref _retries);
                generation = await hub.RetryAfterAsync(generation, cancellationToken);
                continue;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException(
                    $"{message.Key} (sequence {message.Sequence}) was refused: {e.StatusCode} {RejectionTrailer.Read(e)?.Reason} {e.Status.Detail}", e);
            }

            Keep(message, response);
            return;
        }
    }

    private void Keep(PlannedMessage message, SubmitResponse response)
    {
        var verified = SignedStatements.Verify(response.Receipt, StatementKind.AcceptanceReceipt, AcceptanceReceipt.Parser, hub.Trust, r => r.AcceptedAtMs);
        if (!verified.IsSuccess)
        {
            log.Violation($"{message.Key}: the receipt does not verify: {verified.Rejection}");
            return;
        }

        var receipt = verified.Value.Statement;
        if (!verified.Value.Signer.Party.IsHub
            || MessageKey.Of(Code, receipt.MessageId.Span) != message.Key
            || receipt.Sender != PartyId.Member(Code).Uri
            || !receipt.EnvelopeSha256.Span.SequenceEqual(SHA256.HashData(message.Envelope))
            || !receipt.Recipients.Order(StringComparer.Ordinal).SequenceEqual(message.Recipients.Select(c => PartyId.Member(c).Uri).Order(StringComparer.Ordinal)))
        {
            log.Violation($"{message.Key}: the receipt names something else: {receipt}");
        }

        if (response.Duplicate)
        {
            Interlocked.Increment(ref _duplicates);
        }

        if (Receipts.TryAdd(message.Key, (receipt.HubSequence, response.Receipt.ToByteArray())))
        {
            log.Receipted();
        }
    }
}
