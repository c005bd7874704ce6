using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>
/// The whole chain of a withdrawal (docs/intelligence.md, Withdrawals): the real hub's intelligence worker notifies FR
/// and DE of a hit between their reports; DE recalls its report; the real hub withdraws both notifications and sends
/// each member a HubWithdrawal in the recall's transaction; FR's node — which never held DE's report, so no order about
/// it ever reaches FR — purges its notification on the hub's word alone, with no gap alarm.
/// </summary>
public sealed class HubWithdrawalChainTests : CommandLineTestBase
{
    [Fact]
    public async Task Recall_OfTheOtherSourcesMessage_TheHubsNoticePurgesTheHitNotificationAtANodeThatNeverHeldIt()
    {
        await SendAsync(Fr, HitMessages.Organiser("FR-2026-0912", "AL-SALHI", "Mohamed Ali"), "IT");
        var deMessage = await SendAsync(De, HitMessages.Organiser("DE-2026-0913", "ALSALHI", "Mohammed"), "IT");
        Fr.StartSubscriber();
        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM hits;") == 1 && De.Count("SELECT COUNT(*) FROM hits;") == 1),
            "the hub notifies both sources");
        Assert.Null(await Fr.Store.GetReceivedAsync(De.Party, deMessage));

        var recall = await RunAsync(De, "recall", MessageIds.Format(deMessage), "--reason", "inaccurate", "--json");
        Assert.True(recall.ExitCode == NodeCommandLine.Success, recall.ToString());
        Assert.Equal(1, await De.Orders.RunOnceAsync(CancellationToken.None));

        await Eventually.TrueAsync(
            () => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM hits h JOIN inbox i ON i.local_id = h.inbox_local_id WHERE i.purge_cause = 'recalled';") == 1),
            "FR purges its notification on the hub's withdrawal");
        Assert.Equal(0, Fr.Count("SELECT length(i.plaintext) + length(i.envelope) FROM hits h JOIN inbox i ON i.local_id = h.inbox_local_id;"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM inbox WHERE content_type = 'hst.v1.HubWithdrawal';"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM hub_withdrawn WHERE cause = 'recalled';"));
        Assert.Empty(await Fr.Store.AlarmsAsync());
        Assert.Empty(await Fr.Store.QuarantinedAsync());
        // DE, the recalling source, is told the same of its own notification.
        await Eventually.TrueAsync(
            () => Task.FromResult(De.Count("SELECT COUNT(*) FROM hits h JOIN inbox i ON i.local_id = h.inbox_local_id WHERE i.purge_cause = 'recalled';") == 1),
            "DE's notification goes too");
        var hits = await RunAsync(Fr, "hits");
        Assert.Contains("withdrawn", hits.Out, StringComparison.Ordinal);
    }

    /// <summary>Sends <paramref name="message"/> (H1) from <paramref name="node"/> to <paramref name="to"/>, readable by the hub; returns its id once accepted.</summary>
    private async Task<byte[]> SendAsync(TestNode node, HstMessage message, string to)
    {
        message.Handling.Code = HandlingCode.H1;
        var send = await RunAsync(node, "send", "--file", await WriteMessageAsync(message), "--to", to, "--hub-may-read", "--json");
        Assert.True(send.ExitCode == NodeCommandLine.Success, send.ToString());
        Assert.Equal(1, await node.Sender.RunOnceAsync(CancellationToken.None));
        Assert.True(MessageIds.TryParse(JsonDocument.Parse(send.Out).RootElement.GetProperty("messageId").GetString(), out var id));
        return id;
    }
}
