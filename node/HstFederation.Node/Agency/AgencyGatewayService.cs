using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HstFederation.Node.Audit;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Search;
using HstFederation.Node.Sending;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Protocol.Validation;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Agency;

/// <summary>
/// hst.v1.AgencyGateway: a thin adapter. The caller is already authenticated and authorized
/// (<see cref="AgencyAuthorizationInterceptor"/>); reads go through <see cref="MessageBrowser"/> (scope
/// filter), submissions through <see cref="MessageSubmitter"/> (durable before the id is returned), the hub's hits and
/// products through <see cref="IntelligenceBrowser"/> (AgencyGatewayService.Intelligence.cs). Every call is audited with
/// the agency's identity; no message content reaches the logs.
/// </summary>
internal sealed partial class AgencyGatewayService(
    MessageSubmitter submitter, NodeStore store, MessageBrowser browser, InboxWatcher watcher, PartyCredentials node,
    IntelligenceBrowser intelligence, HitReleaser releaser, AgencyPageTokens pageTokens)
    : AgencyGateway.AgencyGatewayBase
{
    public override async Task<AgencySubmitResponse> Submit(AgencySubmitRequest request, ServerCallContext context)
    {
        var caller = AgencyCaller.Of(context);
        if (request.Message is null)
        {
            throw AgencyException.Invalid("message", ErrorCodes.Required, "the HST message is required");
        }

        if (request.RequestId.Length > 0 && SubmitKey.Problem(request.RequestId) is { } problem)
        {
            throw AgencyException.Invalid("request_id", ErrorCodes.InvalidFormat, problem);
        }

        var send = new SendRequest(
            request.Message, request.Members, request.Regions,
            request.Handling == HandlingCode.Unspecified ? null : request.Handling,
            request.HasHubMayRead ? request.HubMayRead : null,
            request.RequestId.Length > 0 ? request.RequestId : null);
        // Refusals (SendRefusedException, RequestIdReusedException) are audited and translated by AgencyErrorInterceptor.
        // A repeat of the request id returns the earlier message exactly as it was first answered (queued then).
        var queued = await submitter.SubmitAsync(send, caller.Actor, caller.Certificate, context.CancellationToken);
        return new AgencySubmitResponse
        {
            MessageId = MessageIds.Format(queued.MessageId),
            State = OutboxMessageState.Queued,
            CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(queued.CreatedAtMs)),
        };
    }

    public override async Task<AgencyMessage> GetMessage(AgencyGetMessageRequest request, ServerCallContext context)
    {
        var caller = AgencyCaller.Of(context);
        if (!MessageIds.TryParse(request.MessageId, out var id))
        {
            throw AgencyException.Invalid("message_id", ErrorCodes.InvalidFormat, "not a message id (UUIDv7, e.g. 0192f3c4-5e6a-7b8c-9d0e-1f2a3b4c5d6e)");
        }

        var found = await browser.FindAsync(caller, id, context.CancellationToken);
        await store.AuditAsync(caller.Actor, NodeAuditActions.Read, id, found is null ? "GetMessage not found" : "GetMessage " + Box(found), caller.Certificate, CancellationToken.None);
        return found?.ToAgencyMessage() ?? throw AgencyException.NotFound(request.MessageId);
    }

    public override Task<AgencyListResponse> ListOutbox(AgencyListRequest request, ServerCallContext context) =>
        ListAsync(MessageBrowser.OutboxBox, request, context);

    public override Task<AgencyListResponse> ListInbox(AgencyListRequest request, ServerCallContext context) =>
        ListAsync(MessageBrowser.InboxBox, request, context);

    /// <summary>The store audits the search (actor, kind, hits, text) before any hit is returned.</summary>
    public override Task<AgencyListResponse> Search(AgencySearchRequest request, ServerCallContext context)
    {
        var caller = AgencyCaller.Of(context);
        var pageSize = PageRequest.SizeOf(request.PageSize);
        if (request.PageToken.Length > 0)
        {
            throw AgencyException.Invalid("page_token", ErrorCodes.InvalidFormat, "a search returns one page; narrow the query instead");
        }

        var query = new EntityQuery(AgencySearch.Kind(request.Kind), AgencySearch.Text(request.Query))
        {
            PhoneRegion = NodeCountry,
            Limit = Math.Min(EntityQuery.MaxLimit, pageSize * 10),
        };
        return browser.SearchAsync(caller, query, pageSize, context.CancellationToken);
    }

    public override Task WatchInbox(AgencyWatchInboxRequest request, IServerStreamWriter<AgencyMessage> responseStream, ServerCallContext context) =>
        watcher.RunAsync(request, responseStream, context);

    private async Task<AgencyListResponse> ListAsync(string box, AgencyListRequest request, ServerCallContext context)
    {
        var caller = AgencyCaller.Of(context);
        var page = PageRequest.Parse(pageTokens, caller, box, request.PageSize, request.PageToken);
        var response = box == MessageBrowser.OutboxBox
            ? await browser.ListOutboxAsync(caller, page, context.CancellationToken)
            : await browser.ListInboxAsync(caller, page, context.CancellationToken);
        await store.AuditAsync(caller.Actor, NodeAuditActions.List, null,
            $"{box} returned={response.Messages.Count.ToString(CultureInfo.InvariantCulture)}", caller.Certificate, CancellationToken.None);
        return response;
    }

    private string NodeCountry => node.Party.Code;

    private static string Box(VisibleMessage message) => message.Summary.Direction == MessageDirection.Outbox ? "outbox" : "inbox";
}
