using HstFederation.Hub.Storage;
using HstFederation.Hub.Tests.Hosting;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Statements;
using HstFederation.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace HstFederation.Hub.Tests.Services;

/// <summary>GetDirectory: the registry as a hub-signed statement that nodes can verify from the root alone.</summary>
public sealed class DirectoryTests : IAsyncLifetime
{
    private HubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await HubServer.StartAsync(extraArgs: "--Hub:RegistryRefresh=00:00:00");

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task GetDirectory_IsSignedByTheHubAndListsMembersCertificatesAndRegions()
    {
        await _hub.Services.GetRequiredService<HubStore>().DefineRegionAsync("EU-MED", [PartyId.Member("IT"), PartyId.Member("ES"), PartyId.Member("FR")], "test");

        var signed = await _hub.Client("DE").GetDirectoryAsync(new GetDirectoryRequest());

        var directory = SignedStatements.Verify(signed, StatementKind.MemberDirectory, MemberDirectory.Parser, _hub.Trust, d => d.IssuedAtMs).GetValueOrThrow();
        Assert.True(directory.Signer.Party.IsHub);
        Assert.Equal(["urn:hst:hub:IPSG", "urn:hst:member:DE", "urn:hst:member:ES", "urn:hst:member:FR", "urn:hst:member:IT"], directory.Statement.Members.Select(m => m.Party).Order());
        var hub = directory.Statement.Members.Single(m => m.Party == "urn:hst:hub:IPSG");
        Assert.Equal(_hub.Issued(PartyId.HubCode).Encryption.CertificateDer, hub.EncryptionCertificate.ToByteArray());
        Assert.All(directory.Statement.Members, m => Assert.Equal(MemberStatus.Active, m.Status));
        var fr = directory.Statement.Members.Single(m => m.Party == "urn:hst:member:FR");
        Assert.Equal(_hub.Issued("FR").Encryption.CertificateDer, fr.EncryptionCertificate.ToByteArray());
        Assert.Equal(["ES", "FR", "IT"], directory.Statement.Regions.Single(r => r.Name == "EU-MED").Members.Order());
        Assert.True(directory.Statement.ExpiresAtMs > directory.Statement.IssuedAtMs);
    }

    [Fact]
    public async Task GetDirectory_AfterASuspension_ShowsTheNewStatusWithAHigherSerial()
    {
        var before = await VerifiedAsync();
        await _hub.Services.GetRequiredService<HubStore>().SetMemberStatusAsync(PartyId.Member("IT"), MemberStatus.Suspended, "test");

        var after = await VerifiedAsync();

        Assert.True(after.Serial > before.Serial);
        Assert.Equal(MemberStatus.Suspended, after.Members.Single(m => m.Party == "urn:hst:member:IT").Status);
    }

    private async Task<MemberDirectory> VerifiedAsync()
    {
        var signed = await _hub.Client("DE").GetDirectoryAsync(new GetDirectoryRequest());
        return SignedStatements.Verify(signed, StatementKind.MemberDirectory, MemberDirectory.Parser, _hub.Trust, d => d.IssuedAtMs).GetValueOrThrow().Statement;
    }
}
