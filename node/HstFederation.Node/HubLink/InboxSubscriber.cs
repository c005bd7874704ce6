using Google.Protobuf;
using Grpc.Core;
using HstFederation.Node.Intelligence;
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
/// replays the delivery, which is stored as a repeat and acknowledged again with the identical receipt (it is
/// built from the stored row). A delivery that fails verification, or whose signed header conflicts with the
/// message stored under its (sender, message id), is quarantined and never acknowledged: the acknowledgements
/// waiting before it are sent first, then the quarantine row and the cursor commit together. A relayed delivery
/// receipt (alone or in a batch, each receipt on its own) is verified, recorded, and acknowledged. While this node's
/// own CRL is stale nothing can verify, and nothing is quarantined either: the delivery is left at the hub and the
/// subscription resumes after a backoff (<see cref="TrustFreshness"/>). What the hub itself sends (hit notifications, analytical
/// products, its withdrawals of them) goes the same way, stored with its typed row and never as an HST message (docs/node.md, "Hits,
/// releases and products").
/// </summary>
internal sealed class InboxSubscriber(
    HubConnection hub, NodeStore store, MemberDirectoryCache directory, PartyCredentials me, FederationTrust trust,
    TimeProvider time, HubLinkOptions options, ILogger logger)
{
    private readonly ResiliencePipeline _reconnect = Retries.Build(time, options, int.MaxValue);
    private readonly DeliveryReceiptRecorder _receipts = new(store, me, trust, logger);

    /// <summary>Why this node's CRL was stale when the delivery being handled arrived (null: fresh); one delivery at a time.</summary>
    private string? _staleWhenHandled;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                // One run of the backoff per outage: a run ends when a stream that held longer than the longest backoff drops,
                // so that drop (a hub restarted days later) is waited out from the first backoff, not from where the last outage left it.
                await _reconnect.ExecuteAsync(async token => await SubscribeUntilOutageAsync(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// <see cref="SubscribeOnceAsync"/>; returns (instead of throwing for a retry) when its subscription dropped after it held
    /// at least <see cref="HubLinkOptions.MaxRetryDelay"/>: the retries so far were of an outage that ended.
    /// </summary>
    private async ValueTask SubscribeUntilOutageAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            await SubscribeOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException) when (!cancellationToken.IsCancellationRequested && time.GetElapsedTime(started) >= options.MaxRetryDelay)
        {
            // Logged as dropped by SubscribeOnceAsync; resubscribed at once by the next run, from the stored cursor.
        }
    }

    private async ValueTask SubscribeOnceAsync(CancellationToken cancellationToken)
    {
        if (directory.Current is null)
        {
            // Region addressees are resolved with this node's copy of the member directory: without one, every
            // region-addressed delivery would look misaddressed and be quarantined for good. (Retried if the hub is away.)
            await directory.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        var cursor = await store.GetCursorAsync(cancellationToken).ConfigureAwait(false);
        var client = hub.Client;
        // The hub judges the cursor before it streams anything; an acknowledgement refused later is another matter.
        var streamed = false;
        try
        {
            using var call = client.Subscribe(new SubscribeRequest { AfterCursor = (ulong)cursor, ReceiptBatches = true }, cancellationToken: cancellationToken);
            await using var batch = new AcknowledgementBatch(client, store, options, time, me);
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var delivery = call.ResponseStream.Current;
                streamed = true;
                if (delivery.Cursor is 0 or > long.MaxValue)
                {
                    // No cursor the hub assigns (its are 1 … 2^63-1): acknowledged, the flush would drop the batch (0) or fail
                    // for ever to store it. Nothing of it is kept; the stream is taken up again from the stored cursor, after a backoff.
                    throw new RpcException(new Status(StatusCode.Unavailable, $"The hub sent a delivery at cursor {delivery.Cursor}, which it never assigns."));
                }

                _staleWhenHandled = trust.StaleReason();
                var acknowledgement = await HandleAsync(delivery, batch, cancellationToken).ConfigureAwait(false);
                await batch.AddAsync(acknowledgement, delivery.Cursor, cancellationToken).ConfigureAwait(false);
                cursor = (long)delivery.Cursor;
            }

            await batch.FlushAsync(cancellationToken).ConfigureAwait(false);
            throw new RpcException(new Status(StatusCode.Unavailable, "The hub ended the subscription."));
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested && !streamed && IsCursorAheadOfHub(error))
        {
            // Said at every attempt (the hub stays behind until its operator acts), alarmed once; the cursor stays: reset,
            // it would repeat what this node holds or skip what the hub still has.
            HubLinkLog.HubBehindCursor(logger, cursor, error.Status.Detail);
            await store.RaiseHubBehindCursorAsync(cursor, cancellationToken).ConfigureAwait(false);
            hub.Reset(client);
            throw new RpcException(new Status(StatusCode.Unavailable, "The hub's database is behind this node's cursor: " + error.Status.Detail));
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            HubLinkLog.SubscriptionDropped(logger, cursor, error);
            hub.Reset(client);
            throw new RpcException(new Status(StatusCode.Unavailable, "The subscription dropped: " + error.Status.Detail));
        }
        catch (ObjectDisposedException error) when (!cancellationToken.IsCancellationRequested)
        {
            // The sender or the directory cache dropped the shared channel (HubConnection.Reset) between two reads.
            HubLinkLog.SubscriptionDropped(logger, cursor, error);
            throw new RpcException(new Status(StatusCode.Unavailable, "The channel to the hub was closed under the subscription.", error));
        }
        catch (NodeStoreUnavailableException error)
        {
            // Nothing of the delivery was committed or acknowledged: resubscribe from the stored cursor after a backoff.
            HubLinkLog.StoreUnavailable(logger, cursor, error);
            throw;
        }
    }

    /// <summary>The hub's refusal of a cursor beyond every cursor it assigned (UNKNOWN_CURSOR on Subscribe).</summary>
    private static bool IsCursorAheadOfHub(RpcException error) =>
        error.StatusCode == StatusCode.NotFound && HubRejections.Read(error)?.Reason == RejectionReason.UnknownCursor;

    /// <summary>What to acknowledge for <paramref name="delivery"/>, or null to leave it unacknowledged.</summary>
    private Task<Acknowledgement?> HandleAsync(Delivery delivery, AcknowledgementBatch batch, CancellationToken cancellationToken) => delivery.ItemCase switch
    {
        Delivery.ItemOneofCase.Envelope => ReceiveAsync(delivery, batch, cancellationToken),
        Delivery.ItemOneofCase.DeliveryReceipt => RecordReceiptAsync(delivery, batch, cancellationToken),
        Delivery.ItemOneofCase.DeliveryReceiptBatch => RecordReceiptBatchAsync(delivery, batch, cancellationToken),
        Delivery.ItemOneofCase.LifecycleOrder => ApplyOrderAsync(delivery, batch, cancellationToken),
        Delivery.ItemOneofCase.LifecycleConfirmation => RecordConfirmationAsync(delivery, batch, cancellationToken),
        _ => QuarantineAsync(delivery, batch, delivery.ToByteArray(), "EmptyDelivery", "the delivery carries no item this node knows", cancellationToken),
    };

    private async Task<Acknowledgement?> ReceiveAsync(Delivery delivery, AcknowledgementBatch batch, CancellationToken cancellationToken)
    {
        var verified = new EnvelopeVerifier(trust, directory.Policy()).Verify(delivery.Envelope.Memory);
        if (!verified.IsSuccess)
        {
            return await QuarantineAsync(delivery, batch, delivery.Envelope.ToByteArray(), verified.Reason.ToString(), verified.Rejection!.Detail, cancellationToken)
                .ConfigureAwait(false);
        }

        var header = verified.Value.Header;
        var mine = header.Recipients.FirstOrDefault(r => r.Party == me.Party.Uri)?.Sequence ?? 0;
        if (header.Sequence > long.MaxValue || mine > long.MaxValue)
        {
            // Signed by the sender, unbounded by the envelope layer; beyond what the inbox counts in.
            return await QuarantineAsync(delivery, batch, delivery.Envelope.ToByteArray(), RejectionReason.MalformedHeader.ToString(),
                "the header's sequence or this node's recipient sequence is above 2^63-1", cancellationToken).ConfigureAwait(false);
        }

        var received = header.ContentType == ProtocolVersions.HstMessageContentType
            ? OpenMessage(verified.Value)
            : ReviewOfOurs(OpenHubContent(verified.Value, (ulong)mine));
        if (received.Problem is { } problem)
        {
            return await QuarantineAsync(delivery, batch, delivery.Envelope.ToByteArray(), problem.Reason.ToString(), problem.Detail, cancellationToken)
                .ConfigureAwait(false);
        }

        var item = new ReceivedEnvelope(
            header.Sender, verified.Value.MessageId.ToArray(), (long)header.Sequence, verified.Value.HeaderSha256.ToArray(),
            delivery.Envelope.ToByteArray(), received.Plaintext!, verified.Value.Forwards.Count)
        {
            // This node's own number in the sender's count (0 when a forward added it): what the inbox checks for gaps.
            RecipientSequence = (long)mine,
            ContentType = header.ContentType,
            Lineage = header.Lineage,
            RetainUntilMs = StoredHeaders.RetainUntilMs(header),
        };
        var stored = await StoreAsync(item, received, delivery.Cursor, cancellationToken).ConfigureAwait(false);
        if (stored.Outcome == ReceiveOutcome.Conflict)
        {
            return await QuarantineAsync(delivery, batch, item.Envelope, RejectionReason.Replay.ToString(),
                "another envelope with a different signed header is already stored under this sender and message id", cancellationToken).ConfigureAwait(false);
        }

        var receipt = new DeliveryReceipt
        {
            Version = 1,
            MessageId = header.MessageId,
            HeaderSha256 = ByteString.CopyFrom(verified.Value.HeaderSha256.Span),
            Sender = header.Sender,
            Recipient = me.Party.Uri,
            ReceivedAtMs = stored.ReceivedAtMs,
        };
        // Not signed yet: the acknowledgement batch signs all its receipts at once when it sends them (one signature).
        return new Acknowledgement { Cursor = delivery.Cursor, DeliveryReceipt = PendingReceipts.Unsigned(receipt.ToByteString()) };
    }

    /// <summary>An HST message: decrypted, parsed, its handling the signed one, valid (docs/protocol.md §8 steps 17–23).</summary>
    private Opened OpenMessage(VerifiedEnvelope verified)
    {
        var opened = new EnvelopeOpener(new EnvelopeVerifier(trust, directory.Policy())).Open(verified, me);
        return opened.IsSuccess ? new Opened(opened.Value.Message.ToByteArray(), null, null, null) : new Opened(null, null, null, opened.Rejection);
    }

    /// <summary>
    /// What the hub itself sends (the envelope layer admitted these content types from the hub alone): decrypted, parsed
    /// strictly as its content type, and checked to be about this NCB (<see cref="HubContentCheck"/>). Any other content
    /// type is refused: the node keeps nothing it cannot show for what it is.
    /// </summary>
    /// <param name="mine">This node's number in the hub's count for this delivery: a withdrawal names only numbers before its own.</param>
    private Opened OpenHubContent(VerifiedEnvelope verified, ulong mine)
    {
        var opened = EnvelopeOpener.OpenContent(verified, me);
        if (!opened.IsSuccess)
        {
            return new Opened(null, null, null, opened.Rejection);
        }

        var content = opened.Value;
        var plaintext = content.Plaintext.ToArray();
        switch (content.ContentType)
        {
            case HubContent.HitNotificationType:
                var notification = content.Parse(HitNotification.Parser);
                if (!notification.IsSuccess)
                {
                    return new Opened(null, null, null, notification.Rejection);
                }

                var (hit, hitProblem) = HubContentCheck.Hit(notification.Value, me.Party);
                return new Opened(plaintext, hit, null, hitProblem is null ? null : new Rejection(RejectionReason.ContentInvalid, hitProblem));
            case HubContent.AnalyticalProductType:
                var parsed = content.Parse(AnalyticalProduct.Parser);
                if (!parsed.IsSuccess)
                {
                    return new Opened(null, null, null, parsed.Rejection);
                }

                var (product, productProblem) = HubContentCheck.Product(parsed.Value, me.Party);
                return new Opened(plaintext, null, product, productProblem is null ? null : new Rejection(RejectionReason.ContentInvalid, productProblem));
            case ProtocolVersions.RetentionReviewContentType:
                var review = content.Parse(RetentionReview.Parser);
                if (!review.IsSuccess)
                {
                    return new Opened(null, null, null, review.Rejection);
                }

                var reviewProblem = HubContentCheck.Review(review.Value);
                return new Opened(plaintext, null, null, reviewProblem is null ? null : new Rejection(RejectionReason.ContentInvalid, reviewProblem))
                {
                    Review = reviewProblem is null ? review.Value : null,
                };
            case ProtocolVersions.ExpiryReportContentType:
                var report = content.Parse(ExpiryReport.Parser);
                if (!report.IsSuccess)
                {
                    return new Opened(null, null, null, report.Rejection);
                }

                var reportProblem = HubContentCheck.ExpiryReport(report.Value);
                return new Opened(plaintext, null, null, reportProblem is null ? null : new Rejection(RejectionReason.ContentInvalid, reportProblem))
                {
                    Report = reportProblem is null ? report.Value : null,
                };
            case ProtocolVersions.HubWithdrawalContentType:
                var withdrawal = content.Parse(HubWithdrawal.Parser);
                if (!withdrawal.IsSuccess)
                {
                    return new Opened(null, null, null, withdrawal.Rejection);
                }

                var withdrawalProblem = HubContentCheck.Withdrawal(withdrawal.Value, mine);
                return new Opened(plaintext, null, null, withdrawalProblem is null ? null : new Rejection(RejectionReason.ContentInvalid, withdrawalProblem))
                {
                    Withdrawal = withdrawalProblem is null ? withdrawal.Value : null,
                };
            default:
                return new Opened(null, null, null, new Rejection(RejectionReason.MalformedContent,
                    $"content type '{content.ContentType}' from {verified.Header.Sender} is not one this node keeps"));
        }
    }

    /// <summary>
    /// A retention review or an expiry report must be about a message this node sent and the header the hub holds of it:
    /// one about anything else would record a decision or an expiry of nothing, so it is refused like bad content. The
    /// header is the kept envelope's or, once this node purged its copy, the outbox tombstone's
    /// (<see cref="NodeStore.SentHeaderSha256"/>): the hub expires a message at the same retain_until this node's own
    /// sweep purges it at, so a report often arrives after the sweep blanked the envelope (a source offline at expiry
    /// sweeps as soon as it starts, before the hub link streams the report).
    /// </summary>
    private Opened ReviewOfOurs(Opened opened)
    {
        var (what, messageId, headerSha256) = opened switch
        {
            { Review: { } review } => ("retention review", review.MessageId, review.HeaderSha256),
            { Report: { } report } => ("expiry report", report.MessageId, report.HeaderSha256),
            _ => (null, ByteString.Empty, ByteString.Empty),
        };
        if (what is null)
        {
            return opened;
        }

        var problem = store.SentHeaderSha256(messageId.ToByteArray()) is not { } sent
            ? $"{what}: it names no message this node sent and the hub accepted"
            : !sent.AsSpan().SequenceEqual(headerSha256.Span)
                ? $"{what}: header_sha256 is not the header this node sent"
                : null;
        return problem is null ? opened : new Opened(null, null, null, new Rejection(RejectionReason.ContentInvalid, problem));
    }

    private async Task<StoredReceive> StoreAsync(ReceivedEnvelope item, Opened received, ulong cursor, CancellationToken cancellationToken)
    {
        if (received.Hit is { } hit)
        {
            var storedHit = await store.StoreHitAsync(item, hit, null, cancellationToken).ConfigureAwait(false);
            IntelligenceLog.HitStored(logger, IntelligenceIds.Format(hit.HitId), cursor, storedHit.IsNew);
            return storedHit;
        }

        if (received.Product is { } product)
        {
            var storedProduct = await store.StoreProductAsync(item, product, null, cancellationToken).ConfigureAwait(false);
            IntelligenceLog.ProductStored(logger, IntelligenceIds.Format(product.ProductId), cursor, storedProduct.IsNew);
            return storedProduct;
        }

        if (received.Review is { } review)
        {
            var storedReview = await store.StoreRetentionReviewAsync(item, review, null, cancellationToken).ConfigureAwait(false);
            HubLinkLog.ReviewStored(logger, cursor, storedReview.IsNew);
            return storedReview;
        }

        if (received.Report is { } report)
        {
            var storedReport = await store.StoreExpiryReportAsync(item, report, null, cancellationToken).ConfigureAwait(false);
            HubLinkLog.ExpiryReportStored(logger, cursor, storedReport.IsNew, report.Undelivered.Count);
            return storedReport;
        }

        if (received.Withdrawal is { } withdrawal)
        {
            var storedWithdrawal = await store.StoreWithdrawalAsync(item, withdrawal, me.Party.Uri, null, cancellationToken).ConfigureAwait(false);
            HubLinkLog.WithdrawalStored(logger, cursor, storedWithdrawal.IsNew, withdrawal.Withdrawn.Count);
            return storedWithdrawal;
        }

        var stored = await store.StoreReceivedAsync(item, null, cancellationToken).ConfigureAwait(false);
        HubLinkLog.Stored(logger, cursor, stored.IsNew);
        return stored;
    }

    /// <summary>A delivery opened for storage: the plaintext and, for the hub's own content, its checked form; or why not.</summary>
    private sealed record Opened(byte[]? Plaintext, ReceivedHit? Hit, ReceivedProduct? Product, Rejection? Problem)
    {
        public RetentionReview? Review { get; init; }

        public ExpiryReport? Report { get; init; }

        public HubWithdrawal? Withdrawal { get; init; }
    }

    /// <summary>A relayed delivery receipt: recorded, or quarantined; acknowledged either way so the hub stops relaying it.</summary>
    private async Task<Acknowledgement?> RecordReceiptAsync(Delivery delivery, AcknowledgementBatch batch, CancellationToken cancellationToken)
    {
        var signed = delivery.DeliveryReceipt;
        if (await _receipts.RecordAsync(signed, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            await QuarantineAsync(delivery, batch, signed.ToByteArray(), refusal.Reason, refusal.Detail, cancellationToken).ConfigureAwait(false);
        }

        return new Acknowledgement { Cursor = delivery.Cursor };
    }

    /// <summary>
    /// Relayed delivery receipts as one item: each is checked and recorded as a single one is; a refused one is quarantined
    /// alone (the detail says which of the batch it was), an empty batch as a whole; the batch is acknowledged once. Every
    /// good receipt is recorded before the first quarantine, and only the last quarantine moves the stored cursor past the
    /// batch: a crash before then replays the batch, where recording again is a repeat.
    /// </summary>
    private async Task<Acknowledgement?> RecordReceiptBatchAsync(Delivery delivery, AcknowledgementBatch batch, CancellationToken cancellationToken)
    {
        var receipts = delivery.DeliveryReceiptBatch.Receipts;
        if (receipts.Count == 0)
        {
            await QuarantineAsync(delivery, batch, delivery.DeliveryReceiptBatch.ToByteArray(), RejectionReason.ReceiptInvalid.ToString(),
                $"the receipt batch at cursor {delivery.Cursor} holds no receipt", cancellationToken).ConfigureAwait(false);
            return new Acknowledgement { Cursor = delivery.Cursor };
        }

        var refused = new List<(int Index, (string Reason, string Detail) Refusal)>();
        var roots = new VerifiedBatchRoots();
        for (var i = 0; i < receipts.Count; i++)
        {
            if (await _receipts.RecordAsync(receipts[i], cancellationToken, roots).ConfigureAwait(false) is { } refusal)
            {
                refused.Add((i, refusal));
            }
        }

        foreach (var (index, refusal) in refused)
        {
            var detail = $"receipt {index + 1} of {receipts.Count} in the batch at cursor {delivery.Cursor}: {refusal.Detail}";
            await QuarantineAsync(delivery, batch, receipts[index].ToByteArray(), refusal.Reason, detail, cancellationToken,
                movesCursor: index == refused[^1].Index).ConfigureAwait(false);
        }

        return new Acknowledgement { Cursor = delivery.Cursor };
    }

    /// <summary>A lifecycle order for a message this node may hold: applied and confirmed, or quarantined unacknowledged.</summary>
    private async Task<Acknowledgement?> ApplyOrderAsync(Delivery delivery, AcknowledgementBatch batch, CancellationToken cancellationToken)
    {
        var applied = await new LifecycleOrderReceiver(store, directory, me, trust).ApplyAsync(delivery.LifecycleOrder, cancellationToken).ConfigureAwait(false);
        if (applied.IsRefused)
        {
            return await QuarantineAsync(delivery, batch, delivery.LifecycleOrder.ToByteArray(), applied.Refusal.ToString(), applied.Detail!, cancellationToken, "lifecycle_order")
                .ConfigureAwait(false);
        }

        HubLinkLog.OrderApplied(logger, delivery.Cursor, applied.Outcome.ToString());
        return new Acknowledgement { Cursor = delivery.Cursor, LifecycleConfirmation = applied.Confirmation };
    }

    /// <summary>
    /// A holder's confirmation of an order this node issued, or of the hub's own order relayed with it (an expiry): verified
    /// against that order and recorded; else quarantined (and acknowledged, as receipts are).
    /// </summary>
    private async Task<Acknowledgement?> RecordConfirmationAsync(Delivery delivery, AcknowledgementBatch batch, CancellationToken cancellationToken)
    {
        var signed = delivery.LifecycleConfirmation;
        var problem = await new LifecycleConfirmationRecorder(store, trust, me.Party).RecordAsync(signed, delivery.ConfirmedOrder, cancellationToken)
            .ConfigureAwait(false);
        if (problem is { } refusal)
        {
            await QuarantineAsync(delivery, batch, signed.ToByteArray(), refusal.Reason.ToString(), refusal.Detail, cancellationToken, "lifecycle_confirmation")
                .ConfigureAwait(false);
        }

        return new Acknowledgement { Cursor = delivery.Cursor };
    }

    /// <param name="movesCursor">
    /// False for all but the last of several quarantines of one delivery (receipts of a batch): the stored cursor then
    /// passes the delivery only once everything of it is kept.
    /// </param>
    /// <exception cref="TrustDataStaleException">
    /// This node's CRL is stale (or the refusal says so): the refusal is not the delivery's fault, and a quarantine would
    /// move the cursor past a delivery the hub never re-sends. Nothing of it is kept or acknowledged; the subscription
    /// drops and resumes from the stored cursor after a backoff, and the delivery is judged again once a fresh CRL is in.
    /// </exception>
    private async Task<Acknowledgement?> QuarantineAsync(
        Delivery delivery, AcknowledgementBatch batch, byte[] bytes, string reason, string detail, CancellationToken cancellationToken,
        string item = "envelope", bool movesCursor = true)
    {
        // The quarantine moves the stored cursor past this delivery: what was stored before it must reach the hub first.
        await batch.FlushAsync(cancellationToken).ConfigureAwait(false);

        // Stale when the delivery was verified, or now: a fresh CRL installed meanwhile (during the flush, say) does not
        // make a refusal judged on the stale one the delivery's fault. Statements (receipts, orders, confirmations) report
        // a stale CRL as their own invalidity, not as TrustDataStale, so the reason alone does not tell.
        var stale = _staleWhenHandled ?? trust.StaleReason() ?? (reason == nameof(RejectionReason.TrustDataStale) ? detail : null);
        if (stale is not null)
        {
            HubLinkLog.DeliveryDeferredTrustStale(logger, delivery.Cursor, stale);
            throw new TrustDataStaleException(stale);
        }

        var quarantined = await store.QuarantineAsync(bytes, reason, detail, movesCursor ? (long)delivery.Cursor : null, cancellationToken, item).ConfigureAwait(false);
        if (quarantined.Repeat)
        {
            // Not a new item for the operator (a crash before the cursor moved, a restored hub sending it again): no warning.
            HubLinkLog.QuarantinedAgain(logger, delivery.Cursor, reason, quarantined.Id);
        }
        else
        {
            HubLinkLog.Quarantined(logger, delivery.Cursor, reason);
        }

        return null;
    }
}
