using Grpc.Core;
using HstFederation.Node.Audit;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Validation;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>GetLedger: a message's ledger for an agency that may see the message (<see cref="AgencyLedgerAccess"/>).</summary>
internal sealed partial class AgencyGatewayService
{
    /// <summary>Audited as a `ledger` look-up (found or not) with the agency's identity; a miss says nothing a missing message would not.</summary>
    public override async Task<AgencyMessageLedger> GetLedger(AgencyGetLedgerRequest request, ServerCallContext context)
    {
        var caller = AgencyCaller.Of(context);
        if (!MessageIds.TryParse(request.MessageId, out var id))
        {
            throw AgencyException.Invalid("message_id", ErrorCodes.InvalidFormat, "not a message id (UUIDv7, e.g. 0192f3c4-5e6a-7b8c-9d0e-1f2a3b4c5d6e)");
        }

        var (sent, received) = await store.CopiesAsync(id, context.CancellationToken);
        var ledger = await store.LedgerAsync(id, context.CancellationToken);
        var access = AgencyLedgerAccess.Decide(
            ledger, caller, sent is null ? null : AgencyVisibility.Outbox(sent, caller, node.Party.Uri),
            [.. received.Select(entry => AgencyVisibility.Inbox(entry, caller)).OfType<VisibleMessage>()]);
        await store.AuditAsync(caller.Actor, NodeAuditActions.Ledger, id, access.Any ? "GetLedger" : "GetLedger not found", caller.Certificate, CancellationToken.None);
        return access.Any ? AgencyLedger.Map(ledger, access) : throw AgencyException.NotFound(request.MessageId);
    }
}
