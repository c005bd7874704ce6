using Google.Protobuf;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Lifecycle;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.HubLink;

/// <summary>
/// The source's side of a relayed <see cref="LifecycleConfirmation"/>: it must answer an order this node issued
/// (by id, then by the order's hash inside <see cref="LifecycleConfirmations.Verify"/>) and be signed by the holder it
/// names. Recorded per holder; returns why not otherwise.
/// </summary>
internal sealed class LifecycleConfirmationRecorder(NodeStore store, FederationTrust trust)
{
    public async Task<Rejection?> RecordAsync(SignedStatement signed, CancellationToken cancellationToken)
    {
        LifecycleConfirmation claimed;
        try
        {
            claimed = LifecycleConfirmation.Parser.ParseFrom(signed.Statement);
        }
        catch (InvalidProtocolBufferException error)
        {
            return new Rejection(RejectionReason.ConfirmationInvalid, "the confirmation does not parse: " + error.Message);
        }

        if (await store.IssuedOrderAsync(claimed.OrderId.ToByteArray(), cancellationToken).ConfigureAwait(false) is not { } issued)
        {
            return new Rejection(RejectionReason.ConfirmationInvalid, "the confirmation answers no order this node issued");
        }

        if (!PartyId.TryParse(claimed.Holder, out var holder))
        {
            return new Rejection(RejectionReason.ConfirmationInvalid, "the confirmation names no holder");
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
}
