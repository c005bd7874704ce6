using HstFederation.Hub.Storage;
using HstFederation.Protocol.V1;
using static HstFederation.Hub.Tests.Storage.TestSubmissions;

namespace HstFederation.Hub.Tests.Storage;

/// <summary>The member and region registry behind the directory and the enroll/suspend/revoke/regions commands.</summary>
public sealed class HubStoreMembersTests
{
    [Fact]
    public async Task UpsertMemberAsync_ThenStatusChanges_AreListedAndBumpTheDirectorySerial()
    {
        await using var temp = TempStore.Create();

        await temp.Store.UpsertMemberAsync(FR, MemberStatus.Active, [1, 2], [3, 4], "operator");
        await temp.Store.UpsertMemberAsync(DE, MemberStatus.Active, [5], [6], "operator");
        Assert.True(await temp.Store.SetMemberStatusAsync(DE, MemberStatus.Suspended, "operator"));
        Assert.False(await temp.Store.SetMemberStatusAsync(IT, MemberStatus.Revoked, "operator"));
        await temp.Store.UpsertMemberAsync(FR, MemberStatus.Active, [7], [8], "operator");

        var members = await temp.Store.ListMembersAsync();
        Assert.Equal([DE, FR], members.Select(member => member.Party));
        Assert.Equal(MemberStatus.Suspended, members[0].Status);
        Assert.Equal([7], (await temp.Store.GetMemberAsync(FR))!.SigningCertificate);
        Assert.Null(await temp.Store.GetMemberAsync(IT));
        var directory = await temp.Store.ReadDirectoryAsync();
        Assert.Equal(4, directory.Serial);
        Assert.Equal(4, temp.Count("SELECT COUNT(*) FROM audit WHERE actor = 'operator';"));
    }

    [Fact]
    public async Task DefineRegionAsync_RedefineAndDelete_ListsCurrentRegions()
    {
        await using var temp = TempStore.Create();

        await temp.Store.DefineRegionAsync("schengen", [FR, DE, IT], "operator");
        await temp.Store.DefineRegionAsync("iberia", [ES], "operator");
        await temp.Store.DefineRegionAsync("schengen", [FR, DE], "operator");
        await temp.Store.DefineRegionAsync("iberia", [], "operator");

        var region = Assert.Single(await temp.Store.ListRegionsAsync());
        Assert.Equal("schengen", region.Name);
        Assert.Equal([DE, FR], region.Members);
        Assert.Equal(4, (await temp.Store.ReadDirectoryAsync()).Serial);
    }

    [Fact]
    public async Task StatsAsync_CountsQueuesAcceptedAndRejectionsByReason()
    {
        await using var temp = TempStore.Create();
        await temp.Store.UpsertMemberAsync(ES, MemberStatus.Active, [1], [2], "operator");
        await temp.Store.SubmitAsync(Make(FR, 1, DE, IT));
        var acceptedAt = temp.Time.GetUtcNow().ToUnixTimeMilliseconds();
        temp.Time.Advance(TimeSpan.FromMinutes(1));
        await temp.Store.SubmitAsync(Make(FR, 2, DE));
        await temp.Store.SubmitAsync(Make(FR, 2, IT));
        await temp.Store.RecordRejectionAsync(FR.Uri, null, RejectionReason.SignatureInvalid);
        var forIt = (await temp.Store.ReadDeliveriesAsync(IT, 0, 10))[0];
        await temp.Store.AcknowledgeAsync(IT, [DeliveryAck.Of(forIt.Cursor, DeliveryReceipt("IT"))]);

        var stats = await temp.Store.StatsAsync();

        Assert.Equal(2, stats.AcceptedMessages);
        Assert.Equal(new MemberQueueStats(DE, 2, acceptedAt, 0), stats.For(DE));
        Assert.Null(stats.For(IT)); // not enrolled, nothing sent, nothing waiting
        Assert.Equal(new MemberQueueStats(FR, 1, acceptedAt, 2), stats.For(FR)); // IT's relayed receipt waits for FR
        Assert.Equal(new MemberQueueStats(ES, 0, null, 0), stats.For(ES));
        Assert.Equal(1, stats.RejectionsByReason[RejectionReason.SequenceReused]);
        Assert.Equal(1, stats.RejectionsByReason[RejectionReason.SignatureInvalid]);
    }
}
