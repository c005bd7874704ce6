using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Storage;

/// <summary>
/// A verified lifecycle order for a message this node may hold, with what applying it needs: who this node is, the
/// member directory's handling policy (for <c>LifecycleRules.MayKeep</c>), the trust's clock skew (an expiry may come
/// that much early) and how to sign the confirmation once the outcome is known.
/// </summary>
internal sealed record IncomingOrder(
    SignedStatement Signed,
    LifecycleOrder Order,
    PartyId Me,
    HandlingPolicy Policy,
    TimeSpan ClockSkew,
    Func<LifecycleOutcome, long, SignedStatement> Confirm);
