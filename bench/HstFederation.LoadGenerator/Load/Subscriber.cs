using System.Threading.Channels;
using Grpc.Core;
using HstFederation.LoadGenerator.Measure;
using HstFederation.LoadGenerator.Workload;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;

namespace HstFederation.LoadGenerator.Load;

/// <summary>
/// One member's inbox: a Subscribe stream from cursor 0 and acknowledgements in batches, as a node's
/// InboxSubscriber sends them (at most <see cref="AckBatchSize"/> per call, or whatever waited
/// <see cref="AckFlushInterval"/> after the first), each envelope acknowledged with the member's delivery receipt (written
/// in advance; a call's receipts signed as one batch as the call is made, one signature, as a node signs them) and each
/// relayed receipt, or batch of them, without one. The stream is read on one task
/// and acknowledgements go out on another, one call at a time, so reading never waits for the hub's writer.
/// A slow subscriber waits <c>slowDelay</c> after each delivery. A stream the transport breaks is resumed after the
/// last cursor read (counted as a retry "Subscribe/transport") and an acknowledgement the transport breaks is sent again
/// (counted as "Acknowledge/transport"); anything else ends the scenario.
/// </summary>
internal sealed class Subscriber(int member, Protocol.V1.Hub.HubClient client, MessagePlan plan, Timeline timeline, TimeSpan? slowDelay)
{
    public const int AckBatchSize = 64;
    public static readonly TimeSpan AckFlushInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);

    private readonly Channel<Acknowledgement> _acks = Channel.CreateUnbounded<Acknowledgement>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private static readonly TimeSpan ResumeDelay = TimeSpan.FromMilliseconds(100);
    private long _ackCalls;
    private long _resumed;
    private long _ackRetries;

    public int Member { get; } = member;

    public long AckCalls => Interlocked.Read(ref _ackCalls);

    /// <summary>How often the stream broke under the transport and was resumed from the last cursor read.</summary>
    public long Resumed => Interlocked.Read(ref _resumed);

    /// <summary>How often an acknowledgement call broke under the transport and was sent again.</summary>
    public long AckRetries => Interlocked.Read(ref _ackRetries);

    /// <summary>
    /// Reads and acknowledges until cancelled; a failure of the stream or of an acknowledgement stops the other task and
    /// is thrown at once (not only when the scenario ends, which a reader without acknowledgements might never reach).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] tasks = [Task.Run(() => ReadAsync(stop.Token), CancellationToken.None), Task.Run(() => AcknowledgeAsync(stop.Token), CancellationToken.None)];
        await Task.WhenAny(tasks);
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
    }

    /// <summary>Completes once every subscriber stopped, or fails as soon as one of them fails.</summary>
    public static async Task UntilOneFailsAsync(IEnumerable<Task> running)
    {
        var left = running.ToList();
        while (left.Count > 0)
        {
            var stopped = await Task.WhenAny(left);
            await stopped;
            left.Remove(stopped);
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        ulong after = 0;
        while (true)
        {
            try
            {
                await ReadStreamAsync(after, cursor => after = cursor, cancellationToken);
                return;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && IsTransport(e))
            {
                // The stream broke under the transport (a reset on a loaded machine), not by the hub's decision: resume
                // after the last delivery read, as a node does; what was read is acknowledged by the other task.
                // Stopped during the pause: the next attempt sees the cancellation and returns as a stop.
                Interlocked.Increment(ref _resumed);
                await Task.Delay(ResumeDelay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ReadStreamAsync(ulong after, Action<ulong> read, CancellationToken cancellationToken)
    {
        try
        {
            using var call = client.Subscribe(new SubscribeRequest { AfterCursor = after, ReceiptBatches = true }, cancellationToken: cancellationToken);
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                var delivery = call.ResponseStream.Current;
                read(delivery.Cursor);
                var acknowledgement = delivery.ItemCase switch
                {
                    Delivery.ItemOneofCase.Envelope => Envelope(delivery),
                    Delivery.ItemOneofCase.DeliveryReceipt => Relay(delivery, [delivery.DeliveryReceipt]),
                    Delivery.ItemOneofCase.DeliveryReceiptBatch => Relay(delivery, delivery.DeliveryReceiptBatch.Receipts),
                    _ => null,
                };
                if (acknowledgement is not null)
                {
                    _acks.Writer.TryWrite(acknowledgement);
                }

                if (slowDelay is { } delay)
                {
                    await Task.Delay(delay, cancellationToken);
                }
            }

            throw new InvalidOperationException($"member {Member}: the hub ended the subscription on its own");
        }
        catch (Exception e) when (IsStop(e, cancellationToken))
        {
            // Stopped at the end of the scenario.
        }
    }

    /// <summary>
    /// The scenario's stop, not a failure: once the stop is requested, whatever a call throws is the stop. A call cancelled
    /// in the middle of a read does not always end as Cancelled: grpc-dotnet can report the aborted HTTP/2 request as
    /// Unavailable ("Error reading next message. IOException: The request was aborted."; grpc/grpc-dotnet#1214).
    /// </summary>
    internal static bool IsStop(Exception exception, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested && exception is OperationCanceledException or RpcException;

    private Acknowledgement? Envelope(Delivery delivery)
    {
        var index = EnvelopeIds.TryRead(delivery.Envelope.Span, out var id) ? plan.IndexOf(id) : -1;
        if (index < 0)
        {
            timeline.UnknownDelivery();
            return null;
        }

        timeline.Delivered(index, Member);
        return new Acknowledgement { Cursor = delivery.Cursor, DeliveryReceipt = PendingReceipts.Unsigned(plan.Messages[index].ReceiptOf(Member)) };
    }

    /// <summary>Relayed receipts, one (field 3) or a batch (field 6): each counted as relayed, the delivery acknowledged once.</summary>
    private Acknowledgement Relay(Delivery delivery, IEnumerable<SignedStatement> receipts)
    {
        foreach (var signed in receipts)
        {
            var receipt = DeliveryReceipt.Parser.ParseFrom(signed.Statement);
            var index = receipt.MessageId.Length == 16 ? plan.IndexOf(new Guid(receipt.MessageId.Span)) : -1;
            var recipient = plan.MemberIndex(receipt.Recipient);
            if (index < 0 || recipient < 0)
            {
                timeline.UnknownDelivery();
            }
            else
            {
                timeline.Relayed(index, recipient);
            }
        }

        return new Acknowledgement { Cursor = delivery.Cursor };
    }

    private async Task AcknowledgeAsync(CancellationToken cancellationToken)
    {
        var reader = _acks.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                var request = new AcknowledgeRequest();
                await FillAsync(reader, request, cancellationToken);
                PendingReceipts.Sign(request.Acknowledgements, plan.CredentialsOf(Member)); // one signature per call, as a node signs
                await SendAsync(request, cancellationToken);
                Interlocked.Increment(ref _ackCalls);
            }
        }
        catch (Exception e) when (IsStop(e, cancellationToken))
        {
            // Stopped at the end of the scenario.
        }
    }

    /// <summary>
    /// One batch, sent again while the transport breaks the call (the same break that ends the stream): acknowledging
    /// again is harmless at the hub, and a batch given up would leave its deliveries unacknowledged and their receipts
    /// never relayed, since the resumed stream starts after them.
    /// </summary>
    private async Task SendAsync(AcknowledgeRequest request, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await client.AcknowledgeAsync(request, deadline: TimeProvider.System.GetUtcNow().UtcDateTime.Add(CallDeadline), cancellationToken: cancellationToken);
                return;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && IsTransport(e))
            {
                Interlocked.Increment(ref _ackRetries);
                await Task.Delay(ResumeDelay, cancellationToken);
            }
        }
    }

    /// <summary>A failure the transport caused (labelled ".../transport"), not a decision of the hub.</summary>
    private static bool IsTransport(RpcException exception) =>
        SubmitRetry.Classify(exception) is { } label && label.EndsWith("/" + SubmitRetry.TransportLabel, StringComparison.Ordinal);

    /// <summary>Takes up to a batch; waits for more only until the flush interval after the first has passed.</summary>
    private static async Task FillAsync(ChannelReader<Acknowledgement> reader, AcknowledgeRequest request, CancellationToken cancellationToken)
    {
        using var flush = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        flush.CancelAfter(AckFlushInterval);
        while (request.Acknowledgements.Count < AckBatchSize)
        {
            if (reader.TryRead(out var acknowledgement))
            {
                request.Acknowledgements.Add(acknowledgement);
                continue;
            }

            try
            {
                if (!await reader.WaitToReadAsync(flush.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return; // flush interval over
            }
        }
    }
}
