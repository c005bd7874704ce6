using HstFederation.Node.Storage;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>
/// A holder's side of a relayed lifecycle order (docs/lifecycle.md §4): the issuer's signature and the order's shape
/// (<see cref="LifecycleOrders.Verify"/>), then, against what this node stores, that the source sent the copy held here,
/// that the header hash matches and that an expiry is not early; then applied durably and confirmed with a signed
/// <see cref="LifecycleConfirmation"/>. A refusal writes nothing: the subscriber quarantines the order and does not
/// acknowledge it, so it stays outstanding at the hub, visible to both operators.
/// </summary>
internal sealed class LifecycleOrderReceiver(NodeStore store, MemberDirectoryCache directory, PartyCredentials me, FederationTrust trust)
{
    public async Task<AppliedOrder> ApplyAsync(SignedStatement signed, CancellationToken cancellationToken)
    {
        var verified = LifecycleOrders.Verify(signed, trust);
        if (!verified.IsSuccess)
        {
            return AppliedOrder.Refused(verified.Reason, verified.Rejection!.Detail);
        }

        var order = verified.Value.Statement;
        var incoming = new IncomingOrder(
            signed, order, me.Party, directory.Policy(), trust.Options.MaxClockSkew,
            (outcome, atMs) => LifecycleConfirmations.Confirm(signed, order, outcome, me, DateTimeOffset.FromUnixTimeMilliseconds(atMs)));
        return await store.ApplyOrderAsync(incoming, cancellationToken).ConfigureAwait(false);
    }
}
