using Google.Protobuf;
using Grpc.Core;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;
using Polly;

namespace HstFederation.Node.HubLink;

/// <summary>
/// Holds the hub's Subscribe stream from the stored cursor and reconnects (with backoff) when it drops.
/// An envelope is verified, opened, stored once, acknowledged (in batches, <see cref="AcknowledgementBatch"/>)
/// with a signed delivery receipt, and only then does the cursor move: a crash before the acknowledgement
/// replays the delivery, which is stored as a repeat and acknowledged again. A delivery that fails verification is quarantined (cursor moved, never
/// acknowledged). A relayed delivery receipt is verified, recorded, and acknowledged.
/// </summary>
internal sealed class InboxSubscriber(
    HubConnection hub, NodeStore store, MemberDirectoryCache directory, PartyCredentials me, FederationTrust trust,
    TimeProvider time, HubLinkOptions options, ILogger logger)
{
    private readonly ResiliencePipeline _reconnect = Retries.Build(time, options, int.MaxValue);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _reconnect.ExecuteAsync(async token => await SubscribeOnceAsync(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async ValueTask SubscribeOnceAsync(CancellationToken cancellationToken)
    {
        var cursor = await store.GetCursorAsync(cancellationToken).ConfigureAwait(false);
        var client = hub.Client;
        try
        {
            using var call = client.Subscribe(new SubscribeRequest { AfterCursor = (ulong)cursor }, cancellationToken: cancellationToken);
            await using var batch = new AcknowledgementBatch(client, store, options, time);
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var delivery = call.ResponseStream.Current;
                var acknowledgement = await HandleAsync(delivery, cancellationToken).ConfigureAwait(false);
                await batch.AddAsync(acknowledgement, delivery.Cursor, cancellationToken).ConfigureAwait(false);
                cursor = (long)delivery.Cursor;
            }

            await batch.FlushAsync(cancellationToken).ConfigureAwait(false);
            throw new RpcException(new Status(StatusCode.Unavailable, "The hub ended the subscription."));
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            HubLinkLog.SubscriptionDropped(logger, cursor, error);
            hub.Reset(client);
            throw new RpcException(new Status(StatusCode.Unavailable, "The subscription dropped: " + error.Status.Detail));
        }
    }

    /// <summary>What to acknowledge for <paramref name="delivery"/>, or null to leave it unacknowledged.</summary>
    private Task<Acknowledgement?> HandleAsync(Delivery delivery, CancellationToken cancellationToken) => delivery.ItemCase switch
    {
        Delivery.ItemOneofCase.Envelope => ReceiveAsync(delivery, cancellationToken),
        Delivery.ItemOneofCase.DeliveryReceipt => RecordReceiptAsync(delivery, cancellationToken),
        _ => QuarantineAsync(delivery, delivery.ToByteArray(), "EmptyDelivery", "the delivery carries neither an envelope nor a receipt", cancellationToken),
    };

    private async Task<Acknowledgement?> ReceiveAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var opener = new EnvelopeOpener(new EnvelopeVerifier(trust, directory.Policy()));
        var opened = opener.Open(delivery.Envelope.Memory, me);
        if (!opened.IsSuccess)
        {
            return await QuarantineAsync(delivery, delivery.Envelope.ToByteArray(), opened.Reason.ToString(), opened.Rejection!.Detail, cancellationToken)
                .ConfigureAwait(false);
        }

        var verified = opened.Value.Verified;
        var header = verified.Header;
        var item = new ReceivedEnvelope(
            header.Sender, verified.MessageId.ToArray(), (long)header.Sequence, verified.HeaderSha256.ToArray(),
            delivery.Envelope.ToByteArray(), opened.Value.Message.ToByteArray(), verified.Forwards.Count);
        var isNew = await store.StoreReceivedAsync(item, null, cancellationToken).ConfigureAwait(false);
        HubLinkLog.Stored(logger, delivery.Cursor, isNew);
        var receipt = new DeliveryReceipt
        {
            Version = 1,
            MessageId = header.MessageId,
            HeaderSha256 = ByteString.CopyFrom(verified.HeaderSha256.Span),
            Sender = header.Sender,
            Recipient = me.Party.Uri,
            ReceivedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        return new Acknowledgement { Cursor = delivery.Cursor, DeliveryReceipt = SignedStatements.Sign(receipt, StatementKind.DeliveryReceipt, me) };
    }

    private async Task<Acknowledgement?> RecordReceiptAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var signed = delivery.DeliveryReceipt;
        var verified = SignedStatements.Verify(signed, StatementKind.DeliveryReceipt, DeliveryReceipt.Parser, trust, r => r.ReceivedAtMs);
        if (!verified.IsSuccess)
        {
            await QuarantineAsync(delivery, signed.ToByteArray(), verified.Reason.ToString(), verified.Rejection!.Detail, cancellationToken).ConfigureAwait(false);
            return new Acknowledgement { Cursor = delivery.Cursor };
        }

        var receipt = verified.Value.Statement;
        if (verified.Value.Signer.Party.Uri != receipt.Recipient || receipt.Sender != me.Party.Uri)
        {
            await QuarantineAsync(delivery, signed.ToByteArray(), RejectionReason.ReceiptInvalid.ToString(),
                "the receipt is not signed by its recipient or is for another sender's message", cancellationToken).ConfigureAwait(false);
            return new Acknowledgement { Cursor = delivery.Cursor };
        }

        try
        {
            var isNew = await store.RecordDeliveryReceiptAsync(receipt.MessageId.ToByteArray(), receipt.Recipient, signed.ToByteArray(), cancellationToken)
                .ConfigureAwait(false);
            HubLinkLog.ReceiptRecorded(logger, receipt.Recipient, isNew);
        }
        catch (InvalidOperationException error)
        {
            await QuarantineAsync(delivery, signed.ToByteArray(), LocalReasons.UnknownMessage, error.Message, cancellationToken).ConfigureAwait(false);
        }

        return new Acknowledgement { Cursor = delivery.Cursor };
    }

    private async Task<Acknowledgement?> QuarantineAsync(
        Delivery delivery, byte[] bytes, string reason, string detail, CancellationToken cancellationToken)
    {
        await store.QuarantineAsync(bytes, reason, detail, (long)delivery.Cursor, cancellationToken).ConfigureAwait(false);
        HubLinkLog.Quarantined(logger, delivery.Cursor, reason);
        return null;
    }
}
