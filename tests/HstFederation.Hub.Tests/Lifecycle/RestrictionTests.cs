using Grpc.Core;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Intelligence;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.V1;

namespace HstFederation.Hub.Tests.Lifecycle;

/// <summary>Restrictions at the hub (docs/lifecycle.md §3): the effective handling is stored, each holder's expected outcome follows LifecycleRules.MayKeep, and later forwards obey it.</summary>
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
}
