using Grpc.Core;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Lifecycle;

/// <summary>Restrictions at the hub (docs/lifecycle.md §3, §7): the effective handling is stored, each holder's expected outcome follows LifecycleRules.MayKeep, later forwards obey it, and the forwarded envelopes of holders it excludes are purged.</summary>
public sealed class RestrictionTests : IntelligenceHubTests
{
    [Fact]
    public async Task Lifecycle_RestrictionExcludingAHolder_ThatHolderMustPurgeOthersApply_AndAReleaseToTheExcludedIsRefused()
    {
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), ["IPSG", "IT", "ES"]);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        var hit = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));
        var restriction = LifecycleClient.Order(Messages.Sealed[fr], "FR", o => o.Restriction = new RestrictionOrder { ExcludeMembers = { "IT", "DE" } });

        var response = await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, restriction, "FR"));

        Assert.Equal(["urn:hst:member:ES", "urn:hst:member:IT"], LifecycleClient.Receipt(Hub, response).Holders.Order(StringComparer.Ordinal));
        Assert.Equal((long)LifecycleOutcome.Purged, HubInbox.Count(Hub, "SELECT expected FROM lifecycle_holders WHERE holder = 'urn:hst:member:IT'"));
        Assert.Equal((long)LifecycleOutcome.Applied, HubInbox.Count(Hub, "SELECT expected FROM lifecycle_holders WHERE holder = 'urn:hst:member:ES'"));
        var consent = ForwardConsents.Grant(Messages.Sealed[fr], [PartyId.Member("DE")], Hub.Credentials("FR"), DateTimeOffset.UtcNow);
        var error = await Assert.ThrowsAsync<RpcException>(() => Hub.Client("FR").ReleaseAsync(new ReleaseRequest { HitId = hit.HitId, Consent = consent }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(RejectionReason.ForwardNotPermitted, Errors.RejectionTrailer.Read(error)!.Reason);
        Assert.Equal(0L, HubInbox.Count(Hub, "SELECT count(*) FROM forwards"));
    }

    [Fact]
    public async Task Lifecycle_RestrictionExcludingHoldersNotYetStreamedTheMessage_WithdrawsTheirEnvelopeDeliveriesOnlyTheOrderReachesThem()
    {
        // FR reports to the hub, IT and ES, and releases its message to DE (a forwarded copy); nobody has streamed it yet.
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), ["IPSG", "IT", "ES"]);
        var de = await Messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        await Messages.ProcessedAsync(de);
        var hit = Assert.Single(await HubInbox.NotificationsAsync(Hub, "FR", 1));
        var consent = ForwardConsents.Grant(Messages.Sealed[fr], [PartyId.Member("DE")], Hub.Credentials("FR"), DateTimeOffset.UtcNow);
        await Hub.Client("FR").ReleaseAsync(new ReleaseRequest { HitId = hit.HitId, Consent = consent });
        Assert.Contains(await HubInbox.EnvelopesAsync(Hub, "DE"), d => d.HubSequence == fr);
        var restriction = LifecycleClient.Order(Messages.Sealed[fr], "FR", o => o.Restriction = new RestrictionOrder { ExcludeMembers = { "IT", "DE" } });

        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, restriction, "FR"));

        // The excluded holders' streams no longer carry the envelope, only the order telling them to purge it.
        Assert.DoesNotContain(await HubInbox.EnvelopesAsync(Hub, "IT"), d => d.HubSequence == fr);
        Assert.DoesNotContain(await HubInbox.EnvelopesAsync(Hub, "DE"), d => d.HubSequence == fr);
        var atIt = Assert.Single(await Inbox.ReceiveAsync(Hub, "IT", 1));
        Assert.NotNull(atIt.LifecycleOrder);
        Assert.Equal(2L, HubInbox.Count(Hub, $"SELECT count(*) FROM deliveries WHERE hub_sequence = {fr} AND kind = 1 AND withdrawn_at_ms IS NOT NULL"));
        Assert.Equal(2L, HubInbox.Count(Hub, $"SELECT count(*) FROM lifecycle_holders WHERE expected = {(long)LifecycleOutcome.Purged}"));

        // ES may keep it: its envelope is still streamed, the order behind it.
        Assert.Contains(await HubInbox.EnvelopesAsync(Hub, "ES"), d => d.HubSequence == fr);
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM messages WHERE hub_sequence = {fr} AND length(envelope) > 0"));
    }

    [Fact]
    public async Task Lifecycle_RestrictionExcludingForwardedHolders_PurgesTheirForwardedEnvelopesKeepsTheHubsCopyAndAnAllowedHoldersForward()
    {
        // FR reports to the hub alone; DE, IT and ES report the same person, and FR releases its message to each of them.
        var fr = await Messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H2), ["IPSG"]);
        string[] others = ["DE", "IT", "ES"];
        var last = 0L;
        foreach (var member in others)
        {
            last = await Messages.SubmitAsync(member, IntelMessages.AboutPerson(member + "-1", "AL SALHI", "Mohammed Ali", "+218912345678", HandlingCode.H2), ["IPSG"]);
        }

        await Messages.ProcessedAsync(last);
        var hits = (await HubInbox.NotificationsAsync(Hub, "FR", 3)).ToDictionary(hit => PartyId.Parse(hit.OtherMessage.Sender).Code);
        var consentAt = DateTimeOffset.UtcNow;
        foreach (var member in others)
        {
            var consent = ForwardConsents.Grant(Messages.Sealed[fr], [PartyId.Member(member)], Hub.Credentials("FR"), consentAt);
            await Hub.Client("FR").ReleaseAsync(new ReleaseRequest { HitId = hits[member].HitId, Consent = consent });
        }

        // DE takes its forwarded copy and acknowledges it; ES has not streamed its copy yet.
        var atDe = (await HubInbox.EnvelopesAsync(Hub, "DE")).Single(d => d.HubSequence == fr).ToDelivery();
        await DeliveryReceipts.AcknowledgeAsync(Hub, "DE", atDe, Inbox.OpenContent(Hub, atDe, "DE").Verified);
        var restriction = LifecycleClient.Order(Messages.Sealed[fr], "FR", o => o.Restriction = new RestrictionOrder { ExcludeMembers = { "DE", "ES" } });

        await LifecycleClient.SendAsync(Hub, "FR", LifecycleClient.Sign(Hub, restriction, "FR"));

        // The excluded holders' forwarded envelopes are gone, acknowledged or not, and neither is streamed again, even
        // to a holder resuming from the start; each still gets the order, telling it to purge.
        Assert.Equal(0L, HubInbox.Count(Hub, $"SELECT count(*) FROM forwards WHERE hub_sequence = {fr} AND recipient IN ('urn:hst:member:DE', 'urn:hst:member:ES') AND length(envelope) > 0"));
        foreach (var excluded in (string[])["DE", "ES"])
        {
            var envelopes = await HubInbox.EnvelopesAsync(Hub, excluded);
            Assert.DoesNotContain(envelopes, d => d.HubSequence == fr);
            Assert.All(envelopes, d => Assert.NotEmpty(d.Payload));
            var order = (await Inbox.ReceiveAsync(Hub, excluded, envelopes.Count + 1)).Single(d => d.LifecycleOrder is not null).LifecycleOrder;
            Assert.Equal(Messages.Sealed[fr].MessageId.ToArray(), LifecycleOrder.Parser.ParseFrom(order.Statement).MessageId.ToByteArray());
        }

        // IT may keep its forwarded copy: its envelope is stored and streamed as before, and opens.
        var atIt = (await HubInbox.EnvelopesAsync(Hub, "IT")).Single(d => d.HubSequence == fr);
        Assert.Equal("FR-1", Envelopes.Opener(Hub).Open(atIt.Payload, Hub.Credentials("IT")).GetValueOrThrow().Message.Case.Reference);

        // The hub's own copy and what it derived stay; the ledger still shows each forward with its consent.
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM messages WHERE hub_sequence = {fr} AND length(envelope) > 0"));
        Assert.Equal(1L, HubInbox.Count(Hub, $"SELECT count(*) FROM message_entities WHERE hub_sequence = {fr}"));
        var ledger = (await Hub.Services.GetRequiredService<HubStore>().LedgerAsync(Messages.Sealed[fr].MessageId.ToArray(), null)).Ledger!;
        Assert.Equal(
            others.Select(member => (member, "urn:hst:member:FR", (long?)consentAt.ToUnixTimeMilliseconds())),
            ledger.Copies.Select(copy => (copy.Holder.Code, copy.Forward!.ConsentBy.Uri, copy.Forward.ConsentGrantedAtMs)));
    }
}
