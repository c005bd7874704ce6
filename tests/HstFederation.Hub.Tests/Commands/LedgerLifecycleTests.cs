using Google.Protobuf;
using HstFederation.Hub.Commands;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Hub.Tests.Lifecycle;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// The lifecycle section of `hst-hub ledger` on a running hub (mutual TLS, real SQLite): FR's report to IT, ES and DE is
/// updated, the update restricted and then recalled. IT takes both orders and confirms the recall; ES takes them and does
/// not answer; DE never connects. The ledger shows the version chain, the effective handling, each order's terms and each
/// holder's state, the withdrawn deliveries, and its audit entries are exactly the log's entries about the message.
/// </summary>
public sealed class LedgerLifecycleTests : IntelligenceHubTests
{
    private static readonly string[] Audience = ["IPSG", "IT", "ES", "DE"];

    private sealed record Scenario(long V1, long V2, byte[] V1Id, byte[] V2Id);

    private HubStore Store => Hub.Services.GetRequiredService<HubStore>();

    private async Task<Scenario> UpdateRestrictAndRecallAsync()
    {
        var v1 = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), Audience);
        var lineage = new Lineage
        {
            SupersedesMessageId = Messages.Sealed[v1].Header.MessageId,
            SupersedesHeaderSha256 = ByteString.CopyFrom(Messages.Sealed[v1].HeaderSha256.Span),
            Version = 2,
            Reason = "phone corrected",
        };
        var v2 = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5679", HandlingCode.H2), Audience, lineage: lineage);
        var restriction = LifecycleClient.Order(Messages.Sealed[v2], "FR", o => o.Restriction = new RestrictionOrder { Code = HandlingCode.H3, ExcludeMembers = { "PL" }, Note = "operation starting" });
        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, restriction, "FR"));
        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, LifecycleClient.Order(Messages.Sealed[v2], "FR"), "FR"));

        // IT: v1's envelope and the two orders (v2's envelope was withdrawn before it connected); it confirms the recall.
        var atIt = await Inbox.ReceiveAsync(Hub, "IT", 3);
        var recall = atIt.Single(d => d.LifecycleOrder is not null && LifecycleOrder.Parser.ParseFrom(d.LifecycleOrder.Statement).Recall is not null);
        await LifecycleClient.ConfirmAsync(Hub, "IT", recall, LifecycleOutcome.Purged);
        await Inbox.ReceiveAsync(Hub, "ES", 3);

        // A page's deliver entry commits after the page was sent.
        await Wait.UntilAsync(() => HubInbox.Count(Hub, "SELECT count(*) FROM audit WHERE action = 'deliver' AND actor = 'urn:hst:member:ES'") > 0);
        return new Scenario(v1, v2, Messages.Sealed[v1].MessageId.ToArray(), Messages.Sealed[v2].MessageId.ToArray());
    }

    [Fact]
    public async Task Ledger_UpdatedRestrictedAndRecalled_ShowsVersionsOrdersAndEachHoldersState()
    {
        var s = await UpdateRestrictAndRecallAsync();

        var ledger = (await Store.LedgerAsync(s.V2Id, null)).Ledger!;

        var lifecycle = ledger.Lifecycle!;
        Assert.Equal((2, "phone corrected"), (lifecycle.Version, lifecycle.LineageReason));
        Assert.Equal((s.V1, 1), (lifecycle.Supersedes!.HubSequence, lifecycle.Supersedes.Version));
        Assert.Equal(s.V1Id, lifecycle.Supersedes.MessageId);
        Assert.Null(lifecycle.SupersededBy);
        Assert.Equal(MessageState.Recalled, lifecycle.State);
        Assert.NotNull(lifecycle.PurgedAtMs);
        Assert.Equal(HandlingCode.H3, lifecycle.EffectiveHandling!.Code);
        Assert.Contains("PL", lifecycle.EffectiveHandling.Addressees.ExcludedMembers);

        Assert.Equal(["restriction", "recall"], lifecycle.Orders.Select(o => o.Action));
        var (restricted, recalled) = (lifecycle.Orders[0], lifecycle.Orders[1]);
        Assert.Equal((HandlingCode?)HandlingCode.H3, restricted.Terms.Code);
        Assert.Equal(["PL"], restricted.Terms.Excluded);
        Assert.Equal("operation starting", restricted.Terms.Note);
        Assert.Equal((nameof(RecallReason.Inaccurate), "wrong person"), (recalled.Terms.Reason, recalled.Terms.Note));
        Assert.All(recalled.Holders, h => Assert.Equal(LifecycleOutcome.Purged, h.Expected));
        Assert.All(restricted.Holders, h => Assert.Equal(LifecycleOutcome.Applied, h.Expected));

        var states = recalled.Holders.ToDictionary(h => h.Holder, LedgerLifecycleText.HolderStateName);
        Assert.Equal("confirmed", states["urn:hst:member:IT"]);
        Assert.Equal("delivered", states["urn:hst:member:ES"]);
        Assert.Equal("queued", states["urn:hst:member:DE"]);
        var it = recalled.Holders.Single(h => h.Holder == "urn:hst:member:IT");
        Assert.Equal(LifecycleOutcome.Purged, it.Outcome);
        Assert.Equal(["queued", "delivered", "delivered"], restricted.Holders.Select(LedgerLifecycleText.HolderStateName));
        Assert.Equal(["urn:hst:member:IT", "urn:hst:member:ES", "urn:hst:member:DE"], lifecycle.Withdrawn.Select(w => w.Recipient));
        Assert.All(lifecycle.Withdrawn, w => Assert.Null(w.AcknowledgedAtMs));

        // The older version: superseded by this one, still active.
        var v1 = (await Store.LedgerAsync(s.V1Id, null)).Ledger!.Lifecycle!;
        Assert.Equal((1, MessageState.Active), (v1.Version, v1.State));
        Assert.Equal((s.V2, 2), (v1.SupersededBy!.HubSequence, v1.SupersededBy.Version));
        Assert.Empty(v1.Orders);
    }

    [Fact]
    public async Task Ledger_WithLifecycleEntries_AuditIsTheLogsEntriesAboutTheMessageAndBacksEachStep()
    {
        var s = await UpdateRestrictAndRecallAsync();

        var ledger = (await Store.LedgerAsync(s.V2Id, null)).Ledger!;
        var v1 = (await Store.LedgerAsync(s.V1Id, null)).Ledger!;

        Assert.Equal(LedgerChecks.AuditRows(Store, s.V2Id), ledger.Audit.Select(e => (e.Seq, e.AtMs, e.Actor, e.Action, e.Detail)));
        Assert.Equal(["accept", "lifecycle", "lifecycle", "lifecycle-confirmation"], ledger.Audit.Select(e => e.Action).Where(a => a != "acknowledge"));
        foreach (var order in ledger.Lifecycle!.Orders)
        {
            Assert.Contains(ledger.Audit, e => e.Action == "lifecycle" && e.AtMs == order.AcceptedAtMs
                && e.Detail.StartsWith($"order={Convert.ToHexStringLower(order.OrderId)} action={order.Action} ", StringComparison.Ordinal));
        }

        var confirmed = ledger.Lifecycle.Orders[1].Holders.Single(h => h.Outcome is not null);
        Assert.Contains(ledger.Audit, e => e is { Action: "lifecycle-confirmation", Actor: "urn:hst:member:IT" } && e.AtMs == confirmed.ConfirmedAtMs);
        Assert.Equal(LedgerChecks.AuditRows(Store, s.V1Id), v1.Audit.Select(e => (e.Seq, e.AtMs, e.Actor, e.Action, e.Detail)));
        Assert.Contains(v1.Audit, e => e.Action == "supersede" && e.Detail == $"hub_sequence={s.V1} by={s.V2} version=2");
    }

    [Fact]
    public async Task LedgerCommand_SupersededVersionWithAHit_SaysItLeftTheIndexAndIsSupersededNotActive()
    {
        var v1 = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), Audience);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));
        var lineage = new Lineage
        {
            SupersedesMessageId = Messages.Sealed[v1].Header.MessageId,
            SupersedesHeaderSha256 = ByteString.CopyFrom(Messages.Sealed[v1].HeaderSha256.Span),
            Version = 2,
            Reason = "phone corrected",
        };
        await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5679", HandlingCode.H2), Audience, lineage: lineage);

        var text = await LedgerChecks.LedgerCommandAsync(Hub, MessageIds.Format(Messages.Sealed[v1].MessageId.Span));

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches(@"urn:hst:hub:IPSG\s+hub\s+\S+ \S+\s+reads it: left the index when superseded; 1 hit", text.Out);
        Assert.Contains("LIFECYCLE version 1, superseded\n", text.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("not indexed", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LedgerCommand_Lifecycle_PrintsTheSectionAsTextAndJson()
    {
        var s = await UpdateRestrictAndRecallAsync();
        var id = MessageIds.Format(s.V2Id);

        var text = await LedgerChecks.LedgerCommandAsync(Hub, id);
        var json = await LedgerChecks.LedgerCommandAsync(Hub, id, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("LIFECYCLE version 2, recalled; the hub's copies purged ", text.Out, StringComparison.Ordinal);
        Assert.Contains($"Supersedes {MessageIds.Format(s.V1Id)} (version 1, hub sequence {s.V1}); reason: phone corrected", text.Out, StringComparison.Ordinal);
        Assert.Contains("Effective handling H3 (restricted); excluded: PL", text.Out, StringComparison.Ordinal);
        Assert.Matches(@"restriction by urn:hst:member:FR, order [0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}; code H3; excluded PL; note: operation starting", text.Out);
        Assert.Matches(@"recall by urn:hst:member:FR, order [0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}; reason inaccurate; note: wrong person", text.Out);
        Assert.Matches(@"urn:hst:member:IT\s+addressee\s+purged\s+confirmed purged ", text.Out);
        Assert.Matches(@"urn:hst:member:ES\s+addressee\s+purged\s+delivered .*, awaiting confirmation", text.Out);
        Assert.Matches(@"urn:hst:member:DE\s+addressee\s+purged\s+queued", text.Out);
        Assert.Contains("WITHDRAWN DELIVERIES", text.Out, StringComparison.Ordinal);
        Assert.Contains("Handling not shown: the hub purged the envelope ", text.Out, StringComparison.Ordinal);
        Assert.Matches(@"urn:hst:member:ES\s+addressee\s+\S+ \S+\s+withdrawn ", text.Out);
        Assert.Matches(@"urn:hst:hub:IPSG\s+hub\s+\S+ \S+\s+purged its copies ", text.Out);
        Assert.DoesNotContain("AL-SALHI", text.Out + json.Out, StringComparison.OrdinalIgnoreCase);

        Assert.True(json.ExitCode == 0, json.ToString());
        var lifecycle = json.Json().GetProperty("lifecycle");
        Assert.Equal(2, lifecycle.GetProperty("version").GetInt32());
        Assert.Equal("recalled", lifecycle.GetProperty("state").GetString());
        Assert.Equal(s.V1, lifecycle.GetProperty("supersedes").GetProperty("hubSequence").GetInt64());
        Assert.Equal("H3", lifecycle.GetProperty("effectiveHandling").GetProperty("code").GetString());
        var recall = CommandHarness.Array(lifecycle, "orders")[1];
        Assert.Equal("recall", recall.GetProperty("action").GetString());
        Assert.Equal("Inaccurate", recall.GetProperty("terms").GetProperty("reason").GetString());
        Assert.Equal(
            [("urn:hst:member:DE", "queued"), ("urn:hst:member:ES", "delivered"), ("urn:hst:member:IT", "confirmed")],
            CommandHarness.Array(recall, "holders").Select(h => (h.GetProperty("holder").GetString(), h.GetProperty("state").GetString())));
        Assert.Equal("purged", CommandHarness.Array(recall, "holders")[2].GetProperty("outcome").GetString());
        Assert.Equal(3, CommandHarness.Array(lifecycle, "withdrawn").Length);
        Assert.Equal(
            ["accepted", "withdrawn", "withdrawn", "withdrawn", "purged"],
            CommandHarness.Array(json.Json(), "holders").Select(h => h.GetProperty("state").GetString()));
    }
}
