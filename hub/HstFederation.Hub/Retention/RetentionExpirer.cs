using System.Globalization;
using Google.Protobuf;
using WriteContext = HstFederation.Hub.Storage.WriteContext;
using HstFederation.Hub.Audit;
using HstFederation.Hub.Directory;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Lifecycle;
using HstFederation.Hub.Outbound;
using HstFederation.Hub.Storage;
using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Retention;

/// <summary>
/// Expires a message at its effective retention date (docs/lifecycle.md §5): in one writer transaction the hub signs an
/// expiry order (issuer urn:hst:hub:IPSG), and the lifecycle path applies it as it applies a recall — the hub's copies
/// purged, the message marked expired (later orders: MESSAGE_WITHDRAWN), one delivery of the order queued per holder,
/// the order, its receipt and the audit entry stored. When the purge withdraws an envelope delivery some recipient never
/// acknowledged, the source is sent an <see cref="ExpiryReport"/> naming those recipients (<see cref="HubOutbound"/>, so
/// it waits for a source that is offline too), in the same transaction, as is each member whose hit notification or
/// product about the message the purge withdrew (<see cref="HubWithdrawalNotices"/>). All or nothing: a crash leaves the message active
/// and due, with no report.
/// </summary>
internal sealed class RetentionExpirer(
    HubStore store, MemberRegistry registry, HubCredentials credentials, HubOutbound outbound, TimeProvider time, ILogger<RetentionExpirer> logger,
    IRandomSource? random = null)
{
    private readonly IRandomSource _random = random ?? SystemRandomSource.Instance;

    /// <summary>True when this call expired it; false when it was no longer due (extended, recalled or expired meanwhile).</summary>
    public async Task<bool> ExpireAsync(RetentionCandidate message, CancellationToken cancellationToken)
    {
        var policy = await registry.PolicyAsync(cancellationToken);
        var orderId = MessageIds.NewId(time.GetUtcNow(), _random);
        var (expired, undelivered, report) = await store.WriteAsync(context => Expire(context, message, orderId, policy), cancellationToken);
        if (expired)
        {
            RetentionLog.Expired(logger, message.HubSequence, DateTimeOffset.FromUnixTimeMilliseconds(message.RetainUntilMs));
        }

        if (undelivered > 0 && report is null)
        {
            RetentionLog.ExpiryReportUndeliverable(logger, message.HubSequence, undelivered, message.Source.Uri);
        }
        else if (report is not null)
        {
            RetentionLog.ExpiryReported(logger, message.HubSequence, undelivered, message.Source.Uri);
        }

        return expired;
    }

    private (bool Expired, int Undelivered, OutboundMessage? Report) Expire(
        WriteContext context, RetentionCandidate message, byte[] orderId, Protocol.Envelope.HandlingPolicy policy)
    {
        if (LifecycleStates.Find(context.Connection, message.HubSequence) is not { State: MessageState.Active } state
            || state.RetainUntilMs > context.NowMs)
        {
            return (false, 0, null);
        }

        // Before the purge withdraws them: the deliveries it withdraws unacknowledged are the ones the source is told of.
        var undelivered = UndeliveredCopies.Read(context.Connection, state.HubSequence, state.MessageId);

        var order = new LifecycleOrder
        {
            Version = LifecycleOrders.CurrentVersion,
            OrderId = ByteString.CopyFrom(orderId),
            MessageId = ByteString.CopyFrom(state.MessageId),
            Source = state.Sender.Uri,
            HeaderSha256 = ByteString.CopyFrom(state.HeaderSha256),
            Issuer = PartyId.Hub.Uri,
            IssuedAtMs = context.NowMs,
            Expiry = new RetentionExpiry { RetainUntilMs = state.RetainUntilMs },
        };
        LifecycleTransaction.Apply(context, state, LifecycleOrders.Sign(order, credentials.Party), order, policy, credentials.Party);

        // The hub's own messages the purge withdrew (hit notifications, products built from it): each member is told.
        HubWithdrawalNotices.Send(context, outbound);
        return undelivered.Count == 0 ? (true, 0, null) : (true, undelivered.Count, Report(context, state, order, undelivered));
    }

    /// <summary>The source's report, stored for it and audited under the expired message's id (its ledger shows it).</summary>
    private OutboundMessage? Report(WriteContext context, LifecycleState state, LifecycleOrder order, List<UndeliveredCopy> undelivered)
    {
        var report = new ExpiryReport
        {
            MessageId = order.MessageId,
            HeaderSha256 = order.HeaderSha256,
            ExpiryOrderId = order.OrderId,
            RetainUntilMs = order.Expiry.RetainUntilMs,
            ExpiredAtMs = order.IssuedAtMs,
            Undelivered = { undelivered },
        };
        var sent = outbound.Enqueue(context, state.Sender, report);
        var recipients = string.Join(",", undelivered.Select(copy =>
            $"{copy.Recipient}({(copy.ForwardedCopy ? "forwarded," : string.Empty)}{(copy.FirstStreamedAtMs == 0 ? "never-streamed" : "streamed-unacknowledged")})"));
        HubAudit.Append(
            context.Connection, context.NowMs, PartyId.Hub.Uri, AuditActions.ExpiryReport, state.MessageId,
            $"hub_sequence={Number(state.HubSequence)} order={Convert.ToHexStringLower(order.OrderId.Span)} to={state.Sender.Uri} undelivered={recipients} " +
            (sent is null ? "undeliverable" : "report_hub_sequence=" + Number(sent.HubSequence)));
        return sent;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
