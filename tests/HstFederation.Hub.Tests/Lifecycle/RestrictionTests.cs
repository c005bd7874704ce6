using Grpc.Core;
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
}
