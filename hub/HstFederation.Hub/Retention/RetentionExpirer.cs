using Google.Protobuf;
using WriteContext = HstFederation.Hub.Storage.WriteContext;
using HstFederation.Hub.Directory;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Lifecycle;
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
/// the order, its receipt and the audit entry stored. All or nothing: a crash leaves the message active and due.
/// </summary>
internal sealed class RetentionExpirer(
    HubStore store, MemberRegistry registry, HubCredentials credentials, TimeProvider time, ILogger<RetentionExpirer> logger, IRandomSource? random = null)
{
    private readonly IRandomSource _random = random ?? SystemRandomSource.Instance;

    /// <summary>True when this call expired it; false when it was no longer due (extended, recalled or expired meanwhile).</summary>
    public async Task<bool> ExpireAsync(RetentionCandidate message, CancellationToken cancellationToken)
    {
        var policy = await registry.PolicyAsync(cancellationToken);
        var orderId = MessageIds.NewId(time.GetUtcNow(), _random);
        var expired = await store.WriteAsync(context => Expire(context, message, orderId, policy), cancellationToken);
        if (expired)
        {
            RetentionLog.Expired(logger, message.HubSequence, DateTimeOffset.FromUnixTimeMilliseconds(message.RetainUntilMs));
        }

        return expired;
    }

    private bool Expire(WriteContext context, RetentionCandidate message, byte[] orderId, Protocol.Envelope.HandlingPolicy policy)
    {
        if (LifecycleStates.Find(context.Connection, message.HubSequence) is not { State: MessageState.Active } state
            || state.RetainUntilMs > context.NowMs)
        {
            return false;
        }

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
        return true;
    }
}
