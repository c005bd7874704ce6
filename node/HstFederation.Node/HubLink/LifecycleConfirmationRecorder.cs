using Google.Protobuf;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>
/// The source's side of a relayed <see cref="LifecycleConfirmation"/>, signed by the holder it names. It answers either an
/// order this node issued (by id, then by the order's hash inside <see cref="LifecycleConfirmations.Verify"/>), recorded per
/// holder of that order; or an order the hub issued itself about this node's message (the expiry), which the hub relays
/// with it (<see cref="Delivery.ConfirmedOrder"/>): that order must verify as signed by the hub and name this node as the
/// source, the confirmation must answer exactly it, and the message must be one this node sent, under the header the order
/// is bound to (docs/lifecycle.md §4). Returns why not otherwise.
/// </summary>
internal sealed class LifecycleConfirmationRecorder(NodeStore store, FederationTrust trust, PartyId me)
{
    public async Task<Rejection?> RecordAsync(SignedStatement signed, SignedStatement? hubOrder, CancellationToken cancellationToken)
    {
        LifecycleConfirmation claimed;
        try
        {
            claimed = LifecycleConfirmation.Parser.ParseFrom(signed.Statement);
        }
        catch (InvalidProtocolBufferException error)
        {
            return Invalid("the confirmation does not parse: " + error.Message);
        }

        if (!PartyId.TryParse(claimed.Holder, out var holder))
        {
            return Invalid("the confirmation names no holder");
        }

        if (await store.IssuedOrderAsync(claimed.OrderId.ToByteArray(), cancellationToken).ConfigureAwait(false) is not { } issued)
        {
            return hubOrder is null
                ? Invalid("the confirmation answers no order this node issued")
                : await RecordHubOrderAsync(signed, hubOrder, claimed, holder, cancellationToken).ConfigureAwait(false);
        }

        var verified = LifecycleConfirmations.Verify(signed, SignedStatement.Parser.ParseFrom(issued.OrderStatement), holder, trust);
        if (!verified.IsSuccess)
        {
            return verified.Rejection;
        }

        await store.RecordConfirmationAsync(issued.OrderId, holder.Uri, (int)verified.Value.Statement.Outcome, signed.ToByteArray(), cancellationToken)
            .ConfigureAwait(false);
        return null;
    }

    private async Task<Rejection?> RecordHubOrderAsync(
        SignedStatement signed, SignedStatement hubOrder, LifecycleConfirmation claimed, PartyId holder, CancellationToken cancellationToken)
    {
        // Only the hub's own orders come this way: one signed by a member (even this node) is not the hub's to relay.
        var order = LifecycleOrders.Verify(hubOrder, trust);
        if (!order.IsSuccess)
        {
            return Invalid("the hub's order: " + order.Rejection.Detail);
        }

        var (parsed, signer) = (order.Value.Statement, order.Value.Signer.Party);
        if (signer != PartyId.Hub)
        {
            return Invalid($"the hub's order is signed by {signer}, not by the hub");
        }

        if (parsed.Source != me.Uri || parsed.OrderId != claimed.OrderId)
        {
            return Invalid($"the hub's order {Convert.ToHexStringLower(parsed.OrderId.Span)} about a message of {parsed.Source} is not the one this confirmation answers for this node");
        }

        var verified = LifecycleConfirmations.Verify(signed, hubOrder, holder, trust);
        if (!verified.IsSuccess)
        {
            return verified.Rejection;
        }

        var problem = await store.RecordHubOrderConfirmationAsync(
            parsed, hubOrder.ToByteArray(), holder.Uri, verified.Value.Statement.Outcome, signed.ToByteArray(), cancellationToken).ConfigureAwait(false);
        return problem is null ? null : Invalid(problem);
    }

    private static Rejection Invalid(string detail) => new(RejectionReason.ConfirmationInvalid, detail);
}
