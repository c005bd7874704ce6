using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using HstFederation.Hub.Errors;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Faults;

/// <summary>
/// A member's inbox against a crashing hub. It subscribes from its stored cursor, opens every envelope,
/// records (sender, message id, sequence) once — the record is idempotent, duplicates on the wire are
/// counted — and acknowledges with its signed delivery receipt; relayed delivery receipts for what it sent
/// are recorded the same way. Its stored cursor is the last one below which everything was acknowledged,
/// so whatever was received but not acknowledged when the hub died comes again after the restart.
/// </summary>
internal sealed class RecordingSubscriber
{
    private const int MaxAcknowledgeBatch = 128;
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly HubProcess _hub;
    private readonly FaultLog _log;
    private readonly PartyCredentials _me;
    private readonly EnvelopeOpener _opener;
    private readonly Dictionary<MessageKey, RecordedEnvelope> _envelopes = [];
    private readonly Dictionary<(MessageKey Message, string Recipient), long> _relayed = [];
    private readonly HashSet<(MessageKey Message, string Recipient)> _acknowledgedRelays = [];
    private readonly SortedDictionary<long, Acknowledgement> _pending = [];
    private readonly Channel<bool> _acknowledgeSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _highestReceived;
    private int _envelopesOnWire;
    private int _relaysOnWire;
    private int _subscriptions;

    public RecordingSubscriber(string code, HubProcess hub, FaultLog log)
    {
        Code = code;
        _hub = hub;
        _log = log;
        _me = hub.Credentials(code);
        _opener = new EnvelopeOpener(new EnvelopeVerifier(hub.Trust, HandlingPolicy.WithoutRegions));
    }

    public string Code { get; }

    /// <summary>Envelope deliveries received, duplicates included.</summary>
    public int EnvelopesOnWire => Volatile.Read(ref _envelopesOnWire);

    /// <summary>Relayed delivery receipts received, duplicates included.</summary>
    public int RelaysOnWire => Volatile.Read(ref _relaysOnWire);

    public int Subscriptions => Volatile.Read(ref _subscriptions);

    /// <summary>The record: each envelope received, once.</summary>
    public IReadOnlyDictionary<MessageKey, RecordedEnvelope> Envelopes
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<MessageKey, RecordedEnvelope>(_envelopes);
            }
        }
    }

    /// <summary>Delivery receipts relayed to this member for what it sent: (message, recipient code), once each.</summary>
    public IReadOnlySet<(MessageKey Message, string Recipient)> Relayed
    {
        get
        {
            lock (_gate)
            {
                return _relayed.Keys.ToHashSet();
            }
        }
    }

    /// <summary>(message, this member) for every envelope delivery whose acknowledgement the hub confirmed.</summary>
    public IReadOnlySet<(MessageKey Message, string Recipient)> AcknowledgedReceipts
    {
        get
        {
            lock (_gate)
            {
                return _acknowledgedRelays.ToHashSet();
            }
        }
    }

    public int PendingAcknowledgements
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Receives and acknowledges until <paramref name="cancellationToken"/> is cancelled, then completes normally.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(UntilCancelledAsync(StreamLoopAsync, cancellationToken), UntilCancelledAsync(AcknowledgeLoopAsync, cancellationToken));

    private static async Task UntilCancelledAsync(Func<CancellationToken, Task> loop, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Run(() => loop(cancellationToken), CancellationToken.None);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            // Stopped by the test.
        }
    }

    private long StoredCursor()
    {
        lock (_gate)
        {
            return _pending.Count > 0 ? _pending.Keys.First() - 1 : _highestReceived;
        }
    }

    private async Task StreamLoopAsync(CancellationToken cancellationToken)
    {
        var generation = await _hub.RunningAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            var after = StoredCursor();
            Interlocked.Increment(ref _subscriptions);
            try
            {
                using var call = generation.Client(Code).Subscribe(new SubscribeRequest { AfterCursor = (ulong)after, ReceiptBatches = true }, cancellationToken: cancellationToken);
                var last = after;
                while (await call.ResponseStream.MoveNext(cancellationToken))
                {
                    var delivery = call.ResponseStream.Current;
                    if ((long)delivery.Cursor <= last)
                    {
                        _log.Violation($"{Code}: cursor {delivery.Cursor} after {last} on one stream (from {after})");
                    }

                    last = (long)delivery.Cursor;
                    Receive(delivery);
                }

                _log.Violation($"{Code}: the subscription ended on its own");
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && FaultLog.IsTransient(e.StatusCode))
            {
                _log.Failed("subscribe", generation, e);
            }

            generation = await _hub.RetryAfterAsync(generation, cancellationToken);
        }
    }

    private void Receive(Protocol.V1.Delivery delivery)
    {
        var cursor = (long)delivery.Cursor;
        var acknowledgement = delivery.ItemCase switch
        {
            Protocol.V1.Delivery.ItemOneofCase.Envelope => ReceiveEnvelope(cursor, delivery.Envelope),
            Protocol.V1.Delivery.ItemOneofCase.DeliveryReceipt => ReceiveRelay(cursor, delivery.DeliveryReceipt),
            Protocol.V1.Delivery.ItemOneofCase.DeliveryReceiptBatch => ReceiveRelays(cursor, delivery.DeliveryReceiptBatch),
            _ => null,
        };
        lock (_gate)
        {
            _highestReceived = Math.Max(_highestReceived, cursor);
            if (acknowledgement is not null)
            {
                _pending[cursor] = acknowledgement;
            }
        }

        _acknowledgeSignal.Writer.TryWrite(true);
    }

    private Acknowledgement? ReceiveEnvelope(long cursor, ByteString envelope)
    {
        Interlocked.Increment(ref _envelopesOnWire);
        var opened = _opener.Open(envelope.Memory, _me);
        if (!opened.IsSuccess)
        {
            _log.Violation($"{Code}: cursor {cursor} carries an envelope it cannot open: {opened.Rejection}");
            return null;
        }

        var verified = opened.Value.Verified;
        var key = MessageKey.Of(verified.SenderParty.Code, verified.MessageId.Span);
        if (!verified.IsAddressedTo(_me.Party))
        {
            _log.Violation($"{Code}: received {key}, which is not addressed to it");
        }

        lock (_gate)
        {
            if (_envelopes.TryGetValue(key, out var recorded))
            {
                recorded.Duplicates++;
                if (recorded.Cursor != cursor)
                {
                    _log.Violation($"{Code}: {key} delivered again under another cursor ({recorded.Cursor}, then {cursor}): two delivery rows");
                }
            }
            else
            {
                _envelopes.Add(key, new RecordedEnvelope(cursor, verified.Header.Sequence));
            }
        }

        var receipt = SignedStatements.Sign(
            new DeliveryReceipt
            {
                Version = 1,
                MessageId = verified.Header.MessageId,
                HeaderSha256 = ByteString.CopyFrom(verified.HeaderSha256.Span),
                Sender = verified.Header.Sender,
                Recipient = _me.Party.Uri,
                ReceivedAtMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(),
            },
            StatementKind.DeliveryReceipt,
            _me);
        return new Acknowledgement { Cursor = (ulong)cursor, DeliveryReceipt = receipt };
    }

    /// <summary>A relayed batch: each receipt checked and recorded as a single relay is; acknowledged once, if all of them verify.</summary>
    private Acknowledgement? ReceiveRelays(long cursor, DeliveryReceiptBatch batch)
    {
        if (batch.Receipts.Count == 0)
        {
            _log.Violation($"{Code}: cursor {cursor} relays an empty batch of receipts");
            return null;
        }

        var acknowledged = batch.Receipts.Select(receipt => ReceiveRelay(cursor, receipt)).ToList();
        return acknowledged.All(ack => ack is not null) ? acknowledged[0] : null;
    }

    private Acknowledgement? ReceiveRelay(long cursor, SignedStatement relayed)
    {
        Interlocked.Increment(ref _relaysOnWire);
        var verified = SignedStatements.Verify(relayed, StatementKind.DeliveryReceipt, DeliveryReceipt.Parser, _hub.Trust, r => r.ReceivedAtMs);
        if (!verified.IsSuccess)
        {
            _log.Violation($"{Code}: cursor {cursor} relays a delivery receipt that does not verify: {verified.Rejection}");
            return null;
        }

        var receipt = verified.Value.Statement;
        if (receipt.Sender != _me.Party.Uri || receipt.Recipient != verified.Value.Signer.Party.Uri)
        {
            _log.Violation($"{Code}: cursor {cursor} relays a receipt for {receipt.Sender} by {receipt.Recipient}, signed by {verified.Value.Signer.Party}");
        }

        var key = (MessageKey.Of(Code, receipt.MessageId.Span), verified.Value.Signer.Party.Code);
        lock (_gate)
        {
            if (_relayed.TryGetValue(key, out var first))
            {
                if (first != cursor)
                {
                    _log.Violation($"{Code}: the receipt of {key.Item2} for {key.Item1} relayed again under another cursor ({first}, then {cursor})");
                }
            }
            else
            {
                _relayed.Add(key, cursor);
            }
        }

        return new Acknowledgement { Cursor = (ulong)cursor };
    }

    private async Task AcknowledgeLoopAsync(CancellationToken cancellationToken)
    {
        while (await _acknowledgeSignal.Reader.WaitToReadAsync(cancellationToken))
        {
            _acknowledgeSignal.Reader.TryRead(out _);
            await AcknowledgePendingAsync(cancellationToken);
        }
    }

    private async Task AcknowledgePendingAsync(CancellationToken cancellationToken)
    {
        var generation = await _hub.RunningAsync(cancellationToken);
        while (true)
        {
            List<Acknowledgement> batch;
            lock (_gate)
            {
                batch = _pending.Values.Take(MaxAcknowledgeBatch).ToList();
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                var request = new AcknowledgeRequest { Acknowledgements = { batch } };
                await generation.Client(Code).AcknowledgeAsync(request, deadline: DateTime.UtcNow.Add(CallDeadline), cancellationToken: cancellationToken);
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && FaultLog.IsTransient(e.StatusCode))
            {
                _log.Failed("acknowledge", generation, e);
                generation = await _hub.RetryAfterAsync(generation, cancellationToken);
                continue;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException(
                    $"{Code}: acknowledging cursors {batch[0].Cursor}..{batch[^1].Cursor} was refused: {e.StatusCode} {RejectionTrailer.Read(e)?.Reason} {e.Status.Detail}", e);
            }

            lock (_gate)
            {
                foreach (var acknowledgement in batch)
                {
                    _pending.Remove((long)acknowledgement.Cursor);
                    if (acknowledgement.DeliveryReceipt is { } receipt)
                    {
                        var statement = DeliveryReceipt.Parser.ParseFrom(receipt.Statement);
                        _acknowledgedRelays.Add((MessageKey.Of(PartyId.Parse(statement.Sender).Code, statement.MessageId.Span), Code));
                    }
                }
            }
        }
    }
}
