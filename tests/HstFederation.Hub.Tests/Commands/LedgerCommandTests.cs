using System.Text.Json;
using HstFederation.Hub.Commands;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Hub.Tests.Lifecycle;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Commands;

/// <summary>
/// The who-received-what ledger over a real hub (mutual TLS, real SQLite): FR's message to IT and ES (the hub may read it),
/// a hit with DE's message, FR's release to DE. IT and DE acknowledge, ES does not; FR acknowledges IT's relayed receipt.
/// The ledger read by the store and by `hst-hub ledger` against the running hub's file lists exactly those holders.
/// </summary>
public sealed class LedgerCommandTests : IntelligenceHubTests
{
    private sealed record Scenario(long Fr, byte[] FrId, long De, byte[] HitId, DateTimeOffset ConsentAt);

    private async Task<Scenario> DeliverReleaseAndAcknowledgeAsync()
    {
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), ["IPSG", "IT", "ES"]);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        var hit = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));

        await AcknowledgeAsync("IT", fr);
        var consentAt = DateTimeOffset.UtcNow;
        var consent = ForwardConsents.Grant(Messages.Sealed[fr], [PartyId.Member("DE")], Hub.Credentials("FR"), consentAt);
        await Hub.Client("FR").ReleaseAsync(new ReleaseRequest { HitId = hit.HitId, Consent = consent });
        await AcknowledgeAsync("DE", fr);

        // FR takes IT's receipt relayed to it (the first relay it is sent); DE's stays pending.
        var frEnvelopes = (await HubInbox.EnvelopesAsync(Hub, "FR")).Count;
        var relayed = (await Inbox.ReceiveAsync(Hub, "FR", frEnvelopes + 2)).First(d => d.DeliveryReceiptBatch is not null);
        await Hub.Client("FR").AcknowledgeAsync(new AcknowledgeRequest { Acknowledgements = { new Acknowledgement { Cursor = relayed.Cursor } } });
        return new Scenario(fr, Messages.Sealed[fr].MessageId.ToArray(), de, hit.HitId.ToByteArray(), consentAt);
    }

    private async Task AcknowledgeAsync(string member, long hubSequence)
    {
        var delivery = (await HubInbox.EnvelopesAsync(Hub, member)).Single(d => d.HubSequence == hubSequence).ToDelivery();
        await DeliveryReceipts.AcknowledgeAsync(Hub, member, delivery, Inbox.OpenContent(Hub, delivery, member).Verified);
    }

    private HubStore Store => Hub.Services.GetRequiredService<HubStore>();

    private Task<CommandResult> LedgerCommandAsync(params string[] args) => LedgerChecks.LedgerCommandAsync(Hub, args);

    [Fact]
    public async Task Ledger_DeliveredToTwoOneAcknowledgedAndReleasedToAThird_ListsExactlyThoseHoldersWithTheirStates()
    {
        var s = await DeliverReleaseAndAcknowledgeAsync();

        var lookup = await Store.LedgerAsync(s.FrId, null);

        var ledger = lookup.Ledger!;
        Assert.Equal(PartyId.Member("FR"), ledger.Source);
        Assert.Equal(s.Fr, ledger.HubSequence);
        Assert.Equal(HandlingCode.H2, ledger.Handling!.Code);
        Assert.True(ledger.Handling.HubMayRead);
        Assert.Equal(["IT", "ES", "DE"], ledger.Copies.Select(copy => copy.Holder.Code));
        var (it, es, de) = (ledger.Copies[0], ledger.Copies[1], ledger.Copies[2]);

        Assert.Null(it.Forward);
        Assert.NotNull(it.AcknowledgedAtMs);
        Assert.True(it.ReceiptHeld);
        Assert.NotNull(it.RelayAcknowledgedAtMs);

        Assert.Null(es.Forward);
        Assert.Null(es.AcknowledgedAtMs);
        Assert.False(es.ReceiptHeld);
        Assert.Null(es.RelayCursor);

        Assert.NotNull(de.AcknowledgedAtMs);
        Assert.True(de.ReceiptHeld);
        Assert.NotNull(de.RelayCursor);
        Assert.Null(de.RelayAcknowledgedAtMs);
        Assert.Equal(PartyId.Member("FR"), de.Forward!.ConsentBy);
        Assert.Equal(s.ConsentAt.ToUnixTimeMilliseconds(), de.Forward.ConsentGrantedAtMs);
        Assert.Equal(s.HitId, de.Forward.HitId);

        Assert.True(ledger.Hub.MayRead);
        Assert.Equal(1, ledger.Hub.Entities!.Persons);
        var hit = Assert.Single(ledger.Hub.Hits);
        Assert.Equal(s.HitId, hit.HitId);
        Assert.Equal(s.De, hit.OtherHubSequence);
        Assert.Equal(["DE", "FR"], hit.Notified.Select(party => party.Code));
    }

    [Fact]
    public async Task Ledger_AuditEntries_AreTheLogsEntriesAboutTheMessageAndBackEveryState()
    {
        var s = await DeliverReleaseAndAcknowledgeAsync();

        var ledger = (await Store.LedgerAsync(s.FrId, null)).Ledger!;

        // Every entry under FR's id (no other source used it), plus the hit, audited under DE's later message's id.
        var expected = LedgerChecks.AuditRows(Store, $"message_id = x'{Convert.ToHexString(s.FrId)}' OR (action = 'hit' AND detail LIKE '%held_hub_sequence={s.Fr} %')");
        Assert.Equal(expected, ledger.Audit.Select(entry => (entry.Seq, entry.AtMs, entry.Actor, entry.Action, entry.Detail)));
        Assert.Equal(["accept", "hit", "acknowledge", "release", "forward", "acknowledge"], ledger.Audit.Select(entry => entry.Action));

        var (it, de) = (ledger.Copies[0], ledger.Copies[2]);
        Assert.Contains(ledger.Audit, e => e is { Action: "accept", Actor: "urn:hst:member:FR" } && e.AtMs == ledger.AcceptedAtMs);
        Assert.Contains(ledger.Audit, e => e is { Action: "acknowledge", Actor: "urn:hst:member:IT" } && e.AtMs == it.AcknowledgedAtMs);
        Assert.Contains(ledger.Audit, e => e is { Action: "acknowledge", Actor: "urn:hst:member:DE" } && e.AtMs == de.AcknowledgedAtMs);
        Assert.Contains(ledger.Audit, e => e is { Action: "release", Actor: "urn:hst:member:FR" } && e.Detail.Contains("to=urn:hst:member:DE", StringComparison.Ordinal));
        Assert.Contains(ledger.Audit, e => e is { Action: "forward", Actor: "urn:hst:hub:IPSG" } && e.AtMs == de.Forward!.ForwardedAtMs);
        Assert.DoesNotContain(ledger.Audit, e => e.Actor == "urn:hst:member:ES");

        // DE's message: its own entries and the hit, none of FR's.
        var deLedger = (await Store.LedgerAsync(Messages.Sealed[s.De].MessageId.ToArray(), null)).Ledger!;
        Assert.Empty(deLedger.Copies);
        Assert.Equal(["accept", "hit"], deLedger.Audit.Select(entry => entry.Action));
    }

    [Fact]
    public async Task LedgerCommand_AgainstTheRunningHub_PrintsTheHoldersAsJsonAndText()
    {
        var s = await DeliverReleaseAndAcknowledgeAsync();
        var id = MessageIds.Format(s.FrId);

        var json = await LedgerCommandAsync(id, "--json");
        var text = await LedgerCommandAsync(Convert.ToHexString(s.FrId), "--sender", "FR");

        Assert.True(json.ExitCode == 0, json.ToString());
        var root = json.Json();
        Assert.Equal(id, root.GetProperty("messageId").GetString());
        Assert.Equal("H2", root.GetProperty("handling").GetProperty("code").GetString());
        var holders = CommandHarness.Array(root, "holders")
            .Select(h => (h.GetProperty("party").GetString(), h.GetProperty("role").GetString(), h.GetProperty("state").GetString()))
            .ToList();
        Assert.Equal(
            [
                ("urn:hst:member:FR", "source", "accepted"), ("urn:hst:member:IT", "addressee", "acknowledged"),
                ("urn:hst:member:ES", "addressee", "pending"), ("urn:hst:member:DE", "forwarded", "acknowledged"), ("urn:hst:hub:IPSG", "hub", "reads"),
            ],
            holders);
        var de = CommandHarness.Array(root, "holders")[3];
        Assert.Equal("urn:hst:member:FR", de.GetProperty("forward").GetProperty("consentBy").GetString());
        Assert.True(de.GetProperty("receiptHeld").GetBoolean());
        Assert.Equal("pending", de.GetProperty("receiptRelay").GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, CommandHarness.Array(root, "holders")[2].GetProperty("receiptRelay").ValueKind);
        Assert.Equal(6, CommandHarness.Array(root, "audit").Length);
        Assert.Equal(Convert.ToHexStringLower(s.HitId), Assert.Single(CommandHarness.Array(root, "hits")).GetProperty("hitId").GetString());

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"Message {id} from urn:hst:member:FR", text.Out, StringComparison.Ordinal);
        // The envelope's delivery window, not the retention date that status's UPCOMING EXPIRIES means.
        Assert.Matches(@"; envelope expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\r?\n", text.Out);
        Assert.Matches(@"urn:hst:member:ES\s+addressee\s+\S+ \S+\s+pending\s+-", text.Out);
        Assert.Matches(@"urn:hst:member:IT\s+addressee\s+.*acknowledged .*held; source acknowledged it", text.Out);
        Assert.Matches(@"urn:hst:member:DE\s+forwarded\s+.*acknowledged .*held; relayed to the source, pending", text.Out);
        Assert.Contains("under urn:hst:member:FR's consent granted", text.Out, StringComparison.Ordinal);
        // The six entries the --json look showed, and that look itself: an operator's ledger is audited under the message.
        Assert.Contains("AUDIT (7 entries)", text.Out, StringComparison.Ordinal);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(CommandContext.Actor)}\s+-\s+ledger\s+hub_sequence={s.Fr} holders=5 hits=1 audit=6", text.Out);
        Assert.DoesNotContain("AL-SALHI", text.Out + json.Out, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("FR-1", text.Out + json.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LedgerCommand_ForwardARestrictionPurged_StillShowsItsConsentAndGrantTimeAsJsonAndText()
    {
        var s = await DeliverReleaseAndAcknowledgeAsync();
        var restriction = LifecycleClient.Order(Messages.Sealed[s.Fr], "FR", o => o.Restriction = new RestrictionOrder { ExcludeMembers = { "DE" } });
        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, restriction, "FR"));
        Assert.Equal(0L, HubInbox.Count(Hub, $"SELECT length(envelope) FROM forwards WHERE hub_sequence = {s.Fr} AND recipient = 'urn:hst:member:DE'"));
        var id = MessageIds.Format(s.FrId);

        var json = await LedgerCommandAsync(id, "--json");
        var text = await LedgerCommandAsync(id);

        Assert.True(json.ExitCode == 0, json.ToString());
        var forward = CommandHarness.Array(json.Json(), "holders")[3].GetProperty("forward");
        Assert.Equal("urn:hst:member:FR", forward.GetProperty("consentBy").GetString());
        Assert.Equal(s.ConsentAt.ToUnixTimeMilliseconds(), forward.GetProperty("consentGrantedAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.True(text.ExitCode == 0, text.ToString());
        var granted = CommandContext.Format(CommandContext.FromUnixMs(s.ConsentAt.ToUnixTimeMilliseconds()));
        Assert.Matches($@"urn:hst:member:DE  forwarded \S+ \S+ under urn:hst:member:FR's consent granted {System.Text.RegularExpressions.Regex.Escape(granted)}, hit", text.Out);
    }
}
