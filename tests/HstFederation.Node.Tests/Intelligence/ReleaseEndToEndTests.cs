using System.Text.Json;
using HstFederation.Node.Commands;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Intelligence;

/// <summary>
/// A hit found by the real hub's intelligence worker between FR's and DE's reports of one person, and `hst-node release`
/// against the real hub's Release: the consent the node signs is accepted, the hub forwards FR's message to DE with its
/// record, DE's node verifies and stores it, and `show` names the forward and the consent. The hub's refusals come back
/// with their reasons.
/// </summary>
public sealed class ReleaseEndToEndTests : CommandLineTestBase
{
    [Fact]
    public async Task Release_OfAnH2Hit_ReachesTheOtherSourceWithTheConsent_AndAgainIsADuplicate()
    {
        var frMessage = await SendAsync(Fr, HitMessages.Organiser("FR-2026-0412", "AL-SALHI", "Mohamed Ali"), HandlingCode.H2, "IT");
        await SendAsync(De, HitMessages.Organiser("DE-2026-0077", "ALSALHI", "Mohammed"), HandlingCode.H1, "IT");
        Fr.StartSubscriber();
        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM hits;") == 1 && De.Count("SELECT COUNT(*) FROM hits;") == 1),
            "the hub notifies both sources");
        var hit = Assert.Single((await Fr.Store.ListHitsAsync(null, 10)).Items);
        Assert.True(hit.Notification.Releasable);
        Assert.Equal(De.Party, hit.OtherSender);
        var shortId = IntelligenceIds.Short(hit.HitId);

        var released = await RunAsync(Fr, "release", shortId);
        var again = await RunAsync(Fr, "release", shortId, "--json");

        Assert.True(released.ExitCode == NodeCommandLine.Success, released.ToString());
        Assert.Contains($"Released message {MessageIds.Format(frMessage)} to DE", released.Out, StringComparison.Ordinal);
        Assert.True(again.ExitCode == NodeCommandLine.Success, again.ToString());
        Assert.True(JsonDocument.Parse(again.Out).RootElement.GetProperty("duplicate").GetBoolean());
        await Eventually.TrueAsync(async () => await De.Store.GetReceivedAsync(Fr.Party, frMessage) is not null, "DE stores FR's released message");
        var atDe = (await De.Store.GetReceivedAsync(Fr.Party, frMessage))!;
        Assert.Equal(1, atDe.Message.Forwards);
        var show = await RunAsync(De, "show", MessageIds.Format(frMessage));
        Assert.Contains("forwarded by urn:hst:hub:IPSG", show.Out, StringComparison.Ordinal);
        Assert.Contains("to DE, with the source's signed consent", show.Out, StringComparison.Ordinal);
        Assert.Contains("FR-2026-0412", show.Out, StringComparison.Ordinal);

        var recorded = Assert.Single(await Fr.Store.FindHitsAsync(shortId));
        Assert.Equal((ReleaseState.Released, De.Party), (recorded.Release.State, recorded.Release.ReleasedTo));
        var list = await RunAsync(Fr, "hits");
        Assert.Contains("released to DE", list.Out, StringComparison.Ordinal);
        var showFr = await RunAsync(Fr, "show", MessageIds.Format(frMessage));
        Assert.Contains($"hit {shortId}", showFr.Out, StringComparison.Ordinal);
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'release' AND detail LIKE '%outcome=released' AND actor LIKE 'operator:%';"));
        Assert.Equal(1, Fr.Count("SELECT COUNT(*) FROM audit WHERE action = 'release' AND detail LIKE '%outcome=released duplicate';"));

        // DE's delivery receipt reaches FR: DE is not an addressee (IT is, and has not acknowledged), so it is counted apart.
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM outbox_deliveries;") == 1), "FR keeps DE's delivery receipt");
        var outbox = await RunAsync(Fr, "outbox");
        Assert.Contains("0/1 +1 forwarded", outbox.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Release_TheHubRefuses_ForAMessageItMayNotForwardThere_AndTheReasonIsPrintedAndRecorded()
    {
        // H1 goes no further than its addressees: the hub tells FR so (releasable: false) and refuses a release all the same.
        var frMessage = await SendAsync(Fr, HitMessages.Organiser("FR-2026-0500", "KOVALCHUK", "Andrii"), HandlingCode.H1, "IT");
        await SendAsync(De, HitMessages.Organiser("DE-2026-0501", "KOVALCHUK", "Andrij"), HandlingCode.H1, "IT");
        Fr.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM hits;") == 1), "the hub notifies FR");
        var hit = Assert.Single((await Fr.Store.ListHitsAsync(null, 10)).Items);
        Assert.False(hit.Notification.Releasable);

        var local = await RunAsync(Fr, "release", IntelligenceIds.Short(hit.HitId));
        // Past the node's own check: the consent is valid, the hub's handling rule refuses.
        var releaser = new HitReleaser(Fr.Store, Fr.Connection, Hub.Credentials("FR"), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var byHub = await releaser.ReleaseAsync(hit with { Notification = Releasable(hit.Notification) }, "operator:test", CancellationToken.None);

        Assert.Equal(NodeCommandLine.Failure, local.ExitCode);
        Assert.Contains("REFUSED", local.Out, StringComparison.Ordinal);
        Assert.Contains(ReleaseReasons.NotReleasable, local.Out, StringComparison.Ordinal);
        Assert.Equal((ReleaseResult.Refused, nameof(RejectionReason.ForwardNotPermitted)), (byHub.Result, byHub.Reason));
        Assert.Contains("hub correlation id", byHub.Detail, StringComparison.Ordinal);
        var recorded = Assert.Single(await Fr.Store.FindHitsAsync(IntelligenceIds.Short(hit.HitId))).Release;
        Assert.Equal((ReleaseState.Refused, nameof(RejectionReason.ForwardNotPermitted)), (recorded.State, recorded.Reason));
        Assert.Null(await De.Store.GetReceivedAsync(Fr.Party, frMessage));
    }

    private static HitNotification Releasable(HitNotification notification)
    {
        var copy = notification.Clone();
        copy.Releasable = true;
        return copy;
    }

    /// <summary>Sends <paramref name="message"/> from <paramref name="node"/> to <paramref name="to"/>, readable by the hub; returns its id once accepted.</summary>
    private async Task<byte[]> SendAsync(TestNode node, HstMessage message, HandlingCode code, string to)
    {
        message.Handling.Code = code;
        var send = await RunAsync(node, "send", "--file", await WriteMessageAsync(message), "--to", to, "--hub-may-read", "--json");
        Assert.True(send.ExitCode == NodeCommandLine.Success, send.ToString());
        Assert.Equal(1, await node.Sender.RunOnceAsync(CancellationToken.None));
        Assert.True(MessageIds.TryParse(JsonDocument.Parse(send.Out).RootElement.GetProperty("messageId").GetString(), out var id));
        return id;
    }
}
