using HstFederation.Hub.Audit;
using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Hub.Tests.Services;

/// <summary>
/// GetAuditHead: the audit chain's head signed by the hub, the same for every member within Hub:AuditHeadInterval, so
/// the heads the members record agree and `verify-audit --recorded-head` can check the hub's chain against any of them.
/// </summary>
public sealed class AuditHeadTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(_time, extraArgs: "--Hub:AuditHeadInterval=01:00:00");

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task GetAuditHead_IsTheChainsHeadSignedByTheHub()
    {
        var head = await VerifiedAsync("DE");

        var chain = HubAudit.Verify(_hub.Services.GetRequiredService<HubStore>().Database);
        Assert.True(chain.IsIntact, chain.Detail);
        Assert.Equal((ulong)chain.Count, head.Entries);
        Assert.Equal(chain.Head, head.Hash.ToByteArray());
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), head.IssuedAtMs);
    }

    [Fact]
    public async Task GetAuditHead_WithinTheInterval_IsTheSameHeadForEveryMember_ThenANewOne()
    {
        var first = await VerifiedAsync("DE");
        await _hub.Services.GetRequiredService<HubStore>().SetMemberStatusAsync(PartyId.Member("IT"), MemberStatus.Suspended, "test");
        _time.Advance(TimeSpan.FromMinutes(59));

        var same = await VerifiedAsync("FR");
        _time.Advance(TimeSpan.FromMinutes(1));
        var next = await VerifiedAsync("FR");

        Assert.Equal(first, same);
        Assert.True(next.Entries > first.Entries, $"{next.Entries} after {first.Entries}");
        Assert.Equal(HubAudit.Verify(_hub.Services.GetRequiredService<HubStore>().Database).Head, next.Hash.ToByteArray());
    }

    private async Task<AuditHead> VerifiedAsync(string member)
    {
        var signed = await _hub.Client(member).GetAuditHeadAsync(new GetAuditHeadRequest());
        var verified = SignedStatements.Verify(signed, StatementKind.AuditHead, AuditHead.Parser, _hub.Trust, h => h.IssuedAtMs).GetValueOrThrow();
        Assert.True(verified.Signer.Party.IsHub);
        return verified.Statement;
    }
}
