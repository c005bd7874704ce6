using HstFederation.Entities;
using HstFederation.Hub.Directory;
using HstFederation.Hub.Hosting;
using HstFederation.Hub.Intelligence;
using HstFederation.Hub.Outbound;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Hub.Tests.Lifecycle;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Intelligence;

/// <summary>
/// A restriction that commits after the intelligence worker processed a message but before its batch commits
/// (docs/intelligence.md §3): the worker's two steps are driven by hand on the real hub's store — the worker itself is
/// off — so the order lands exactly between them, and the commit must not notify the member it now excludes.
/// </summary>
public sealed class HitCommitRaceTests : IAsyncLifetime
{
    private HubServer _hub = null!;
    private IntelMessages _messages = null!;

    public async Task InitializeAsync()
    {
        _hub = await HubServer.StartAsync(extraArgs: ["--Hub:RegistryRefresh=00:00:00", "--Hub:Intelligence:Enabled=false"]);
        _messages = new IntelMessages(_hub);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Commit_RestrictionExcludingTheRecipientCommittedAfterProcessing_ThatRecipientIsNotNotified_TheSourceIs()
    {
        var services = _hub.Services;
        var store = services.GetRequiredService<HubStore>();
        var outbound = services.GetRequiredService<HubOutbound>();
        var policy = await services.GetRequiredService<MemberRegistry>().PolicyAsync(CancellationToken.None);
        var processor = new MessageProcessor(
            store, services.GetRequiredService<HubCredentials>(), services.GetRequiredService<HubOptions>().Intelligence, TimeProvider.System,
            new IntelligenceIndex(services.GetRequiredService<MatchingOptions>()));
        var fr = await _messages.SubmitAsync("FR", IntelMessages.AboutPerson("FR-1", "AL-SALHI", "Mohamed Ali", "+218 91 234 5678", HandlingCode.H0), ["IPSG", "IT"]);
        await _messages.SubmitAsync("DE", IntelMessages.AboutPerson("DE-1", "AL SALHI", "Mohammed Ali", "+218912345678"), ["IPSG"]);
        var batch = store.ReadMessagesAfter(0, 10, long.MaxValue);
        var indexed = processor.Process(batch[0], policy);
        await store.WriteAsync(context => IntelligenceCommit.Execute(context, outbound, 0, [indexed]), CancellationToken.None);
        var processed = processor.Process(batch[1], policy);
        Assert.Equal(2, Assert.Single(processed.Hits).Notifications.Count);

        var restriction = LifecycleClient.Order(_messages.Sealed[fr], "FR", o => o.Restriction = new RestrictionOrder { ExcludeMembers = { "DE" } });
        await LifecycleClient.SendAsync(_hub, "FR", LifecycleClient.Sign(_hub, restriction, "FR"));
        await store.WriteAsync(context => IntelligenceCommit.Execute(context, outbound, batch[0].HubSequence, [processed]), CancellationToken.None);

        Assert.Empty(await HubInbox.EnvelopesAsync(_hub, "DE"));
        var atFr = Assert.Single(await HubInbox.NotificationsAsync(_hub, "FR", 1));
        Assert.Equal("urn:hst:member:DE", atFr.OtherMessage.Sender);
        Assert.Equal(1L, HubInbox.Count(_hub, "SELECT count(*) FROM hits"));
    }
}
