using Google.Protobuf;
using HstFederation.Demo.Federation.Cli;
using HstFederation.Demo.Scenario;

namespace HstFederation.Demo.Run;

/// <summary>
/// Step 6: the source owns what it sent (docs/lifecycle.md). FR sends version 2 of its report; restricts it so that IT
/// may no longer hold it (IT's node purges both versions and confirms, DE keeps them under the tighter handling); then
/// recalls the direct exchange while ES's node is really stopped: the recall waits at the hub, FR sees ES's confirmation
/// outstanding, and once ES is back its node purges the copy, confirms, and its files no longer hold the canary.
/// </summary>
internal sealed partial class DemoRunner
{
    /// <summary>The orders FR issued in this run (earlier runs on the same federation may have left others).</summary>
    private readonly HashSet<string> _issuedOrders = new(StringComparer.Ordinal);

    private async Task ControlWhatWasSentAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        _report.Heading("6. FR controls what it sent: version 2 of its report, a restriction that excludes IT, and a recall while ES's node is offline");
        await UpdateReportAsync(now, cancellationToken);
        await RestrictReportAsync(cancellationToken);
        await RecallWhileOfflineAsync(cancellationToken);
    }

    private async Task UpdateReportAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var update = await AttemptAsync(
            "report-v2-accepted",
            token => Node("FR").RunAsync<UpdateOutput>(
                ["update", _networkReport.MessageId!, "--file", "-", "--reason", NetworkCase.UpdateReason], token, JsonFormatter.Default.Format(NetworkCase.Updated(now))),
            cancellationToken);
        _updatedReport.MessageId = update.MessageId;
        _updatedReport.State = "queued";
        _report.Line($"update     {update.MessageId}: version {update.Version} of {update.Supersedes}, reason \"{NetworkCase.UpdateReason}\"");
        await FollowAsync(_updatedReport, cancellationToken);
        _lifecycle.Updates++;

        var older = await AttemptAsync("update-supersedes-at-de", token => PollAsync(async () =>
        {
            var ledger = await Node("DE").RunAsync<LedgerOutput>(["ledger", _networkReport.MessageId!], token);
            return ledger.Received.FirstOrDefault(c => c.Lifecycle.SupersededBy == update.MessageId);
        }, token), cancellationToken);
        _report.Require(
            "update-supersedes-at-de",
            older is not null,
            older is null
                ? $"DE's node does not show version 1 as superseded by {update.MessageId} within {_deadline.TotalSeconds:0} s"
                : $"DE's node keeps both versions and shows which is current: version 1 superseded by version {update.Version}");
    }

    private async Task RestrictReportAsync(CancellationToken cancellationToken)
    {
        var restricted = await AttemptAsync(
            "restriction-accepted",
            token => Node("FR").RunAsync<OrdersOutput>(["restrict", _updatedReport.MessageId!, "--exclude", "IT", "--note", "IT's part of the investigation is closed"], token),
            cancellationToken);
        _report.Line($"restrict   IT excluded from both versions: {restricted.Orders.Count} signed order(s), one per version");
        _lifecycle.Restrictions += restricted.Orders.Count;

        foreach (var order in restricted.Orders)
        {
            var check = $"restriction-confirmed-{VersionName(order.MessageId)}";
            var answered = await WaitForAnswersAsync(check, order, ["DE", "IT"], cancellationToken);
            var outcomes = answered.Holders.ToDictionary(h => h.Party, h => h.Outcome, StringComparer.Ordinal);
            _report.Require(
                check,
                outcomes.GetValueOrDefault("IT") == "purged" && outcomes.GetValueOrDefault("DE") == "applied",
                $"{Short(order.MessageId)}: " + string.Join(", ", answered.Holders.Select(h => $"{h.Party} {h.Outcome ?? "outstanding"}"))
                    + " (IT may no longer hold it: purged; DE keeps it under the tighter handling: applied), each a signed confirmation held by FR");
            _lifecycle.Confirmations += answered.Holders.Count(h => h.Outcome is not null);
        }

        foreach (var version in new[] { _networkReport, _updatedReport })
        {
            var check = $"restriction-purged-at-it-{version.Name}";
            var ledger = await AttemptAsync(check, token => Node("IT").RunAsync<LedgerOutput>(["ledger", version.MessageId!], token), cancellationToken);
            var kept = ledger.Received.Where(c => c.Lifecycle.PurgedAt is null).ToList();
            _report.Require(
                check,
                ledger.Received.Count > 0 && kept.Count == 0,
                kept.Count == 0
                    ? $"IT's node keeps only a tombstone of {version.Name} ({Short(version.MessageId!)}), cause {ledger.Received.FirstOrDefault()?.Lifecycle.PurgeCause}"
                    : $"IT's node still holds {version.Name} ({version.MessageId}) after the restriction");
        }
    }

    private async Task RecallWhileOfflineAsync(CancellationToken cancellationToken)
    {
        await AttemptAsync("es-offline", async token => { await _switch.OfflineAsync("ES", token); return true; }, cancellationToken);
        _report.Line("offline    ES's node stopped (./hst offline ES); the hub and the other nodes keep running");

        var recalled = await AttemptAsync(
            "recall-accepted",
            token => Node("FR").RunAsync<OrdersOutput>(["recall", _direct.MessageId!, "--reason", "sent-in-error", "--note", "sent before the source was cleared"], token),
            cancellationToken);
        var order = recalled.Orders.Single();
        _report.Line($"recall     {Short(_direct.MessageId!)}: signed order {Short(order.OrderId)} (reason sent-in-error)");

        var waiting = await AttemptAsync("recall-outstanding-while-offline", token => PollAsync(async () =>
        {
            var status = await Node("FR").RunAsync<StatusOutput>(["status"], token);
            return status.Lifecycle.OutstandingConfirmations.Items.FirstOrDefault(i => i.OrderId == order.OrderId && i.Holder == "ES");
        }, token), cancellationToken);
        _report.Require(
            "recall-outstanding-while-offline",
            waiting is not null,
            waiting is null
                ? $"FR's status does not show the recall as accepted and waiting for ES within {_deadline.TotalSeconds:0} s"
                : "the hub accepted the recall and keeps it for ES; FR's status lists ES's confirmation as outstanding");
        _lifecycle.OutstandingWhileOffline++;

        await AttemptAsync("es-online", async token => { await _switch.OnlineAsync("ES", token); return true; }, cancellationToken);
        _report.Line("online     ES's node started again (./hst online ES) and resumed its stream from its cursor");

        var answered = await WaitForAnswersAsync("recall-confirmed-after-offline", order, ["ES"], cancellationToken);
        var outcome = answered.Holders.Single(h => h.Party == "ES").Outcome;
        _report.Require(
            "recall-confirmed-after-offline",
            outcome == "purged",
            $"ES received the recall when it came back, purged its copy and signed its confirmation ({outcome}); FR holds it");
        _lifecycle.Recalls++;
        _lifecycle.Confirmations++;

        var es = _federation.Node("ES")!;
        var holding = await AttemptAsync("recall-purged-at-es", token => FileScan.FilesHoldingAsync(FileScan.Files(es), _canary, token), cancellationToken);
        _report.Require(
            "recall-purged-at-es",
            holding.Count == 0,
            holding.Count == 0
                ? $"ES's node files ({string.Join(", ", FileScan.Files(es).Where(File.Exists).Select(Path.GetFileName))}) no longer hold the canary"
                : $"the canary is still in {string.Join(", ", holding)}");

        var ours = _issuedOrders;
        var status = await AttemptAsync("no-confirmation-outstanding", token => Node("FR").RunAsync<StatusOutput>(["status"], token), cancellationToken);
        _lifecycle.OutstandingConfirmations = status.Lifecycle.OutstandingConfirmations.Items.Count(i => ours.Contains(i.OrderId));
        _report.Require(
            "no-confirmation-outstanding",
            _lifecycle.OutstandingConfirmations == 0,
            _lifecycle.OutstandingConfirmations == 0
                ? "every holder of every order FR issued in this run has confirmed"
                : $"{_lifecycle.OutstandingConfirmations} confirmation(s) of this run's orders are still outstanding at FR");
    }

    /// <summary>Polls the source's ledger until every named holder has answered the order (or the deadline passes).</summary>
    private async Task<LedgerOutput.Order> WaitForAnswersAsync(string check, OrdersOutput.Order order, IReadOnlyList<string> holders, CancellationToken cancellationToken)
    {
        _issuedOrders.Add(order.OrderId);
        var answered = await AttemptAsync(check, token => PollAsync(async () =>
        {
            var ledger = await Node("FR").RunAsync<LedgerOutput>(["ledger", order.MessageId], token);
            var issued = ledger.Sent?.Orders.FirstOrDefault(o => o.OrderId == order.OrderId);
            return issued is not null && holders.All(h => issued.Holders.Any(x => x.Party == h && x.Outcome is not null)) ? issued : null;
        }, token), cancellationToken);
        if (answered is null)
        {
            _report.Require(check, false, $"not every holder of {Short(order.MessageId)} ({string.Join(", ", holders)}) confirmed the {order.Action} within {_deadline.TotalSeconds:0} s");
        }

        return answered!;
    }

    private string VersionName(string messageId) => messageId == _updatedReport.MessageId ? _updatedReport.Name : _networkReport.Name;

    private static string Short(string id) => id.Length > 8 ? "…" + id[^8..] : id;
}
