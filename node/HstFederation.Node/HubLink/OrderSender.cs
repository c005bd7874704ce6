using Google.Protobuf;
using Grpc.Core;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;
using Polly;

namespace HstFederation.Node.HubLink;

/// <summary>
/// Drains the order outbox (lifecycle orders this node signed as a message's source, docs/lifecycle.md §3) in the
/// order they were issued, with <c>Hub.Lifecycle</c>: transient failures are retried with backoff, a refusal is kept with
/// the hub's reason and detail, and an acceptance only once the hub's <see cref="LifecycleReceipt"/> verifies (hub-signed,
/// naming this order by id and hash), with the holders it lists; nothing is sent while this node's CRL is stale, and failed
/// passes are spaced out (<see cref="PassBackoff"/>). The orders were stored signed before the command said
/// so, so a restart resends the same bytes and the hub answers a repeat with its first receipt. A pass stops at the first
/// order still retriable, so a later order (a recall after a restriction) never overtakes it.
/// </summary>
internal sealed class OrderSender(HubConnection hub, NodeStore store, FederationTrust trust, TimeProvider time, HubLinkOptions options, ILogger logger)
{
    private readonly ResiliencePipeline _retry = Retries.Build(time, options, options.SubmitAttempts);
    private readonly NudgedLoop _loop = new(time, options.PollInterval);
    private readonly RepeatedFailure _failures = new(time);
    private readonly PassBackoff _backoff = new(options);

    /// <summary>Wakes <see cref="RunAsync"/> now, e.g. right after an enqueue in this process.</summary>
    public void Nudge() => _loop.Nudge();

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(RunOnceAsync, cancellationToken, _backoff.NextWait);

    /// <summary>One pass over the queued orders; returns how many reached a final state (accepted or refused).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var (finished, failed) = await PassAsync(cancellationToken).ConfigureAwait(false);
        _backoff.Record(failed);
        return finished;
    }

    private async Task<(int Finished, bool Failed)> PassAsync(CancellationToken cancellationToken)
    {
        var finished = 0;
        foreach (var order in await store.QueuedOrdersAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                // With a stale CRL no hub receipt can be verified: the hub would take the order and this node could
                // never record it, calling again at every pass. It waits, queued, for a fresh CRL instead.
                TrustFreshness.ThrowIfStale(trust);
                await SendAsync(order, cancellationToken).ConfigureAwait(false);
                finished++;
            }
            catch (Exception error) when (error is RpcException or HttpRequestException or IOException or InvalidReceiptException
                or NodeStoreUnavailableException or TrustDataStaleException)
            {
                if (_failures.Failed(error, out var since))
                {
                    HubLinkLog.OrderPassFailed(logger, error.Message, since);
                }

                HubLinkLog.OrderPassFailedAgain(logger, error);
                return (finished, true);
            }
        }

        if (finished > 0 && _failures.Succeeded() is { } lasted)
        {
            HubLinkLog.OrderPassRecovered(logger, lasted);
        }

        return (finished, false);
    }

    private async Task SendAsync(IssuedOrder order, CancellationToken cancellationToken)
    {
        var signed = SignedStatement.Parser.ParseFrom(order.OrderStatement);
        var orderId = Convert.ToHexStringLower(order.OrderId);
        LifecycleResponse response;
        try
        {
            response = await _retry.ExecuteAsync(async token => await CallAsync(orderId, signed, token).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RpcException error) when (!HubRejections.IsRetriable(error, HubRejections.Read(error)))
        {
            var detail = HubRejections.Read(error);
            var reason = detail?.Reason.ToString() ?? error.StatusCode.ToString();
            var text = detail is null ? error.Status.Detail : $"{detail.Detail} (hub correlation id {detail.CorrelationId})";
            await store.RefuseOrderAsync(order.OrderId, reason, text, cancellationToken).ConfigureAwait(false);
            HubLinkLog.OrderRefused(logger, orderId, reason);
            return;
        }

        var receipt = VerifyReceipt(response.Receipt, signed, order.OrderId);
        await store.AcceptOrderAsync(order.OrderId, response.Receipt.ToByteArray(), receipt.Holders, LifecycleOrder.Parser.ParseFrom(signed.Statement), cancellationToken)
            .ConfigureAwait(false);
        HubLinkLog.OrderAccepted(logger, orderId, receipt.Holders.Count);
    }

    private async Task<LifecycleResponse> CallAsync(string orderId, SignedStatement signed, CancellationToken cancellationToken)
    {
        var client = hub.Client;
        try
        {
            return await client.LifecycleAsync(new LifecycleRequest { Order = signed }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException error) when (HubRejections.IsRetriable(error, HubRejections.Read(error)))
        {
            var detail = HubRejections.Read(error);
            HubLinkLog.OrderRetry(logger, orderId, error.StatusCode, detail?.Reason.ToString() ?? "none");
            hub.ResetAfter(client, error, detail);
            throw;
        }
        catch (ObjectDisposedException error) when (!cancellationToken.IsCancellationRequested)
        {
            HubLinkLog.OrderRetry(logger, orderId, StatusCode.Unavailable, "channel closed");
            throw HubConnection.ChannelClosed(error);
        }
    }

    /// <summary>The hub's receipt for exactly this order (id and signed bytes), signed by the hub; otherwise the pass stops and retries.</summary>
    private LifecycleReceipt VerifyReceipt(SignedStatement? signed, SignedStatement order, byte[] orderId)
    {
        var verified = SignedStatements.Verify(signed, StatementKind.LifecycleReceipt, LifecycleReceipt.Parser, trust, r => r.AcceptedAtMs);
        if (!verified.IsSuccess || !verified.Value.Signer.Party.IsHub)
        {
            throw new InvalidReceiptException("The lifecycle receipt is not hub-signed: " + verified.Rejection?.Detail);
        }

        var receipt = verified.Value.Statement;
        if (!receipt.OrderId.Span.SequenceEqual(orderId) || !receipt.OrderSha256.Span.SequenceEqual(LifecycleOrders.Sha256(order)))
        {
            throw new InvalidReceiptException("The lifecycle receipt names another order.");
        }

        // Stored and later printed as the holders to wait for: a member's party URI each, once (the hub's signature does not
        // make a string a party, nor keep terminal control characters out of `show`).
        var holders = new HashSet<string>(StringComparer.Ordinal);
        if (receipt.Holders.Any(h => !PartyId.TryParse(h, out var holder) || holder.IsHub || !holders.Add(h)))
        {
            throw new InvalidReceiptException("The lifecycle receipt names a holder that is not a member's party URI, or one twice.");
        }

        return receipt;
    }
}
