using HstFederation.Demo.Federation.Cli;
using HstFederation.Demo.Scenario;
using HstFederation.Protocol.V1;

namespace HstFederation.Demo.Run;

/// <summary>
/// Step 0 and 2: DE's NCB registers the Bundeskriminalamt on its node's agency API; the agency's system receives
/// FR's report on its inbox watch, searches it by phone, and answers FR through the same API.
/// </summary>
internal sealed partial class DemoRunner
{
    /// <summary>How the agency types the driver's number: national dialling prefix, other grouping than FR's.</summary>
    private const string PhoneQuery = "0049 1522 3380417";

    /// <summary>How DE's duty officer types the passport number: grouped, as read off a scan.</summary>
    private const string DocumentQuery = "012 473 396";

    private async Task<AgencyDesk> SetUpAgencyAsync(CancellationToken cancellationToken)
    {
        _report.Heading("0. DE's NCB connects the Bundeskriminalamt's case system to its node's agency API");
        var party = _federation.Node("DE")!;
        var credentials = await AttemptAsync("agency-registered", token => AgencyRegistration.EnsureAsync(Node("DE"), party, _pki, token), cancellationToken);
        _report.Line($"agency     {credentials.Identity}: certificate from DE's national CA, scope: submit, search, read H0-H2 on migrant smuggling and document fraud");

        var desk = await AttemptAsync("agency-registered", token => AgencyDesk.OpenAsync(party, credentials, token), cancellationToken);
        _report.Require(
            "agency-registered",
            true,
            $"{AgencyRegistration.Id} is in DE's scope table and calls over mutual TLS 1.3; it watches DE's inbox after position {desk.Watch.AfterPosition}");
        return desk;
    }

    private async Task AnswerThroughAgencyAsync(AgencyDesk agency, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var client = agency.Client;
        var reportId = _networkReport.MessageId!;
        var reference = NetworkCase.Reference(now);
        _report.Heading("2. DE's Bundeskriminalamt picks up FR's report and answers FR through DE's agency API (gRPC, mutual TLS)");

        var pushed = await AttemptAsync("report-watched-by-de-agency", token => agency.Watch.WaitForAsync(reportId, _deadline, _time, token), cancellationToken);
        _report.Require(
            "report-watched-by-de-agency",
            pushed is not null,
            pushed is null
                ? $"WatchInbox brought no {reportId} within {_deadline.TotalSeconds:0} s"
                : $"WatchInbox pushed {reference} (inbox position {pushed.Summary.InboxPosition}), stored {Ms(_networkReport.MsAfterQueued(pushed.Summary.At.ToDateTimeOffset()))}");

        var found = await AttemptAsync("report-found-by-phone-at-de", async token =>
            (await client.SearchAsync(new AgencySearchRequest { Query = PhoneQuery, Kind = "phone" }, cancellationToken: token)).Messages, cancellationToken);
        _report.Require(
            "report-found-by-phone-at-de",
            found.Any(m => m.MessageId == reportId),
            $"agency Search phone \"{PhoneQuery}\": {found.Count} message(s){(found.Any(m => m.MessageId == reportId) ? $", FR's report {reference} among them" : ", not FR's report")}");

        var hits = await AttemptAsync("report-found-by-document-at-de", async token =>
            (await Node("DE").RunAsync<SearchOutput>(["search", "--document", DocumentQuery], token)).Hits, cancellationToken);
        var hit = hits.FirstOrDefault(h => h.MessageId == reportId);
        _report.Require(
            "report-found-by-document-at-de",
            hit is not null,
            hit is null
                ? $"hst-node search --document \"{DocumentQuery}\" on DE: {hits.Count} hit(s), none in FR's report"
                : $"DE's duty officer: hst-node search --document \"{DocumentQuery}\" finds {hit.Value} at {hit.Field} of FR's report");

        var content = AgencyReply.Create(now, reference, reportId);
        _report.Line($"case       {content.Case.Reference}, related to {reference} and message {reportId}");
        // The agency's system names this submission with a request id of its own and sends it again on any retry.
        var request = new AgencySubmitRequest
        {
            Message = content, Members = { "FR" }, Handling = HandlingCode.H2, HubMayRead = true,
            RequestId = Guid.CreateVersion7(_time.GetUtcNow()).ToString(),
        };
        var submitted = await AttemptAsync("reply-accepted", token => client.SubmitAsync(request, cancellationToken: token).ResponseAsync, cancellationToken);
        _reply.MessageId = submitted.MessageId;
        _reply.State = "queued";
        _report.Line($"submitted  {submitted.MessageId} by agency:{AgencyRegistration.Id} ({submitted.State}: durable in DE's outbox), request id {request.RequestId}");

        // As if the answer had been lost: the same request again, same request id. DE's node answers with the first message.
        var retried = await AttemptAsync("reply-retry-safe", token => client.SubmitAsync(request, cancellationToken: token).ResponseAsync, cancellationToken);
        _report.Require(
            "reply-retry-safe",
            retried.Equals(submitted),
            retried.Equals(submitted)
                ? $"the same Submit again (same request id) returned {retried.MessageId} again: nothing queued twice"
                : $"the same Submit again (same request id) returned {retried.MessageId}, not {submitted.MessageId}");
        await FollowAsync(_reply, cancellationToken);

        var seen = await AttemptAsync("reply-seen-by-agency", token =>
            client.GetMessageAsync(new AgencyGetMessageRequest { MessageId = submitted.MessageId }, cancellationToken: token).ResponseAsync, cancellationToken);
        _report.Require(
            "reply-seen-by-agency",
            seen.Summary.State == OutboxMessageState.Accepted && seen.Summary.DeliveryReceipts == 1,
            $"agency GetMessage: {seen.Summary.State}, {seen.Summary.DeliveryReceipts} signed delivery receipt(s)");

        var linked = await AttemptAsync("reply-linked-to-case-at-fr", async token =>
            (await Node("FR").RunAsync<SearchOutput>(["search", "--reference", reference, "--box", "inbox"], token)).Hits, cancellationToken);
        _report.Require(
            "reply-linked-to-case-at-fr",
            linked.Any(h => h.MessageId == _reply.MessageId),
            $"FR's duty officer: hst-node search --reference {reference} --box inbox finds {(linked.Any(h => h.MessageId == _reply.MessageId) ? "DE's reply" : "no reply from DE")}");
    }
}
