using System.Globalization;
using System.Text.Json;
using HstFederation.Node.Agency;
using HstFederation.Node.Commands;
using HstFederation.Node.Intelligence;
using HstFederation.Node.Storage;
using HstFederation.Node.Tests.Commands;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Node.Tests.Intelligence;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Node.Tests.Lifecycle;

/// <summary>
/// A copy given by a release after its source restricted and extended the message (docs/lifecycle.md §3, §7), between
/// FR's and DE's real nodes and the real hub: the hub queues the orders in force behind the forwarded envelope, DE's node
/// stores the copy, applies each and confirms it, so its copy is held under the handling and retention date in force.
/// </summary>
public sealed class ReleasedCopyOrdersTests : CommandLineTestBase
{
    [Fact]
    public async Task Release_AfterARestrictionToH2AndAnExtension_TheNewHolderHoldsTheCopyUnderH2UntilTheExtendedDate_AndConfirmsBoth()
    {
        var frMessage = await SendAsync(Fr, HitMessages.Organiser("FR-2026-0412", "AL-SALHI", "Mohamed Ali"), "IT");
        await SendAsync(De, HitMessages.Organiser("DE-2026-0077", "ALSALHI", "Mohammed"), "IT");
        Fr.StartSubscriber();
        De.StartSubscriber();
        await Eventually.TrueAsync(() => Task.FromResult(Fr.Count("SELECT COUNT(*) FROM hits;") == 1), "the hub notifies FR");
        var id = MessageIds.Format(frMessage);

        // FR restricts its H0 message to H2 and extends it, both accepted by the hub; then releases it to DE.
        var until = DateTimeOffset.UtcNow.AddYears(6).Date;
        var restrict = await RunAsync(Fr, "restrict", id, "--handling", "H2");
        Assert.True(restrict.ExitCode == NodeCommandLine.Success, restrict.ToString());
        var extend = await RunAsync(Fr, "extend", id, "--until", until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--justification", "trial pending");
        Assert.True(extend.ExitCode == NodeCommandLine.Success, extend.ToString());
        Assert.Equal(2, await Fr.Orders.RunOnceAsync(CancellationToken.None));
        var hit = Assert.Single((await Fr.Store.ListHitsAsync(null, 10)).Items);
        var released = await RunAsync(Fr, "release", IntelligenceIds.Short(hit.HitId), "--json");
        Assert.True(released.ExitCode == NodeCommandLine.Success && !JsonDocument.Parse(released.Out).RootElement.GetProperty("duplicate").GetBoolean(), released.ToString());

        // DE confirms both orders, and FR records each confirmation the hub relays.
        await Eventually.TrueAsync(
            () => Task.FromResult(Fr.Count($"SELECT COUNT(*) FROM lifecycle_order_holders WHERE holder = '{De.Party}' AND outcome = {(int)LifecycleOutcome.Applied};") == 2),
            "FR records DE's confirmations of the restriction and the extension");
        Assert.Equal(2, De.Count($"SELECT COUNT(*) FROM lifecycle_orders_received WHERE outcome = {(int)LifecycleOutcome.Applied};"));

        // DE's copy: under H2, until the extended date, not the signed header's H0 and date.
        var atDe = (await De.Store.GetReceivedAsync(Fr.Party, frMessage))!;
        Assert.Null(atDe.Lifecycle.PurgedAtMs);
        Assert.Equal(HandlingCode.H2, atDe.Lifecycle.EffectiveHandling?.Code);
        Assert.Equal(new DateTimeOffset(until, TimeSpan.Zero).ToUnixTimeMilliseconds(), atDe.Lifecycle.RetainUntilMs);

        // So an agency cleared for H0 only no longer sees it, in lists (the summary's code) or read whole; one cleared for H2 does.
        Assert.Equal(HstFederation.Node.Search.MessageIndex.Code(atDe.Lifecycle.EffectiveHandling),
            (int)De.Count($"SELECT handling_code FROM message_summaries WHERE box = '{MessageBox.Inbox.ToStorage()}' AND local_id = {atDe.LocalId};"));
        Assert.Null(AgencyVisibility.Inbox(atDe, Agency("h0-only", HandlingCode.H0)));
        Assert.NotNull(AgencyVisibility.Inbox(atDe, Agency("h2", HandlingCode.H2)));
    }

    private static AgencyCaller Agency(string name, HandlingCode readable) =>
        new(new AgencyRecord(name, name, AgencyId.Create("DE", name),
            new AgencyScope(false, false, ScopeSet<HandlingCode>.Of([readable]), ScopeSet<CrimeType>.Everything), Disabled: false, 0, 0), Certificate: "01");

    /// <summary>Sends <paramref name="message"/> under H0 from <paramref name="node"/> to <paramref name="to"/>, readable by the hub; returns its id once accepted.</summary>
    private async Task<byte[]> SendAsync(TestNode node, HstMessage message, string to)
    {
        message.Handling.Code = HandlingCode.H0;
        var send = await RunAsync(node, "send", "--file", await WriteMessageAsync(message), "--to", to, "--hub-may-read", "--json");
        Assert.True(send.ExitCode == NodeCommandLine.Success, send.ToString());
        Assert.Equal(1, await node.Sender.RunOnceAsync(CancellationToken.None));
        Assert.True(MessageIds.TryParse(JsonDocument.Parse(send.Out).RootElement.GetProperty("messageId").GetString(), out var id));
        return id;
    }
}
