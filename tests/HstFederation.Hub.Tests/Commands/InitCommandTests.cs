using HstFederation.DevPki;
using HstFederation.Protocol.Pki;

namespace HstFederation.Hub.Tests.Commands;

public sealed class InitCommandTests
{
    [Fact]
    public async Task Init_NoDatabase_CreatesItAndPrintsTheServeSettings()
    {
        using var hub = CommandHarness.Create();

        var result = await hub.RunBareAsync("init", $"--Hub:DatabasePath={hub.DatabasePath}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(hub.DatabasePath));
        Assert.Contains("Created database", result.Out, StringComparison.Ordinal);
        Assert.Contains($"hst-hub serve --Hub:DatabasePath={hub.DatabasePath}", result.Out, StringComparison.Ordinal);
        var again = await hub.RunBareAsync("init", $"--Hub:DatabasePath={hub.DatabasePath}");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("exists", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_DevPki_WritesAFederationAndEnrolsTheMembersActive()
    {
        using var hub = CommandHarness.Create();
        var pki = Path.Combine(hub.Directory, "dev-pki");
        var database = Path.Combine(hub.Directory, "dev.db");

        var result = await hub.RunBareAsync("init", "--dev-pki", pki, "--members", "FR,DE,IT,ES", $"--Hub:DatabasePath={database}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("DEVELOPMENT", result.Out, StringComparison.Ordinal);
        Assert.Contains($"--Hub:CredentialsDirectory={FederationLayout.HubDirectory(pki)}", result.Out, StringComparison.Ordinal);
        Assert.Contains($"--Hub:RevocationListPath={FederationLayout.RevocationList(pki)}", result.Out, StringComparison.Ordinal);

        // A development federation produces its analytical products on schedule.
        Assert.Contains("--Hub:Products:Enabled=true", result.Out, StringComparison.Ordinal);
        var trust = FederationTrust.Load(FederationLayout.RootCertificate(pki), FederationLayout.RevocationList(pki), hub.Time);
        var hubCredentials = CredentialLoader.LoadPartyCredentials(FederationLayout.HubDirectory(pki), trust);
        Assert.True(hubCredentials.Party.IsHub);
        Assert.True(File.Exists(Path.Combine(FederationLayout.MemberDirectory(pki, "ES"), CredentialLoader.SigningCertificateFile)));

        var members = await hub.RunBareAsync("members", "--json", $"--Hub:DatabasePath={database}");
        Assert.True(members.ExitCode == 0, members.ToString());
        var listed = CommandHarness.Array(members.Json(), "members");
        Assert.Equal(["DE", "ES", "FR", "IT"], listed.Select(m => m.GetProperty("code").GetString()));
        Assert.All(listed, m => Assert.Equal("Active", m.GetProperty("status").GetString()));
        Assert.All(listed, m => Assert.Equal(32, m.GetProperty("signing").GetProperty("keyId").GetString()!.Length));
    }

    [Fact]
    public async Task Members_Text_ShowsEveryMemberWithStatusAndKeyIds()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();

        var result = await hub.RunAsync("members");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("PARTY", result.Out, StringComparison.Ordinal);
        foreach (var code in CommandHarness.Members)
        {
            var line = result.Out.Split('\n').Single(l => l.StartsWith($"urn:hst:member:{code} ", StringComparison.Ordinal));
            Assert.Contains("Active", line, StringComparison.Ordinal);
        }

        var keyId = Convert.ToHexStringLower(hub.Federation.Members["FR"].Signing.Validate(hub.Federation.CreateTrust(hub.Time)).Key!.KeyId.Span);
        Assert.Contains(keyId, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_DevPkiIntoANonEmptyDirectory_FailsAndCreatesNothing()
    {
        using var hub = CommandHarness.Create();

        var result = await hub.RunBareAsync("init", "--dev-pki", hub.PkiDirectory, "--members", "FR", $"--Hub:DatabasePath={hub.DatabasePath}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not empty", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(hub.DatabasePath));
    }

    [Fact]
    public async Task Init_DevPkiWithAnUnusableDatabase_FailsAndWritesNoPki()
    {
        using var hub = CommandHarness.Create();
        var pki = Path.Combine(hub.Directory, "new-pki");
        var notADatabase = Path.Combine(hub.Directory, "hub.db.txt");
        File.WriteAllText(notADatabase, "not an SQLite database");

        var result = await hub.RunBareAsync("init", "--dev-pki", pki, "--members", "FR", $"--Hub:DatabasePath={notADatabase}");

        Assert.Equal(1, result.ExitCode);
        Assert.False(System.IO.Directory.Exists(pki), result.ToString()); // a re-run with a usable database can use the same directory
    }

    [Fact]
    public async Task Init_MembersWithoutDevPki_IsAUsageError()
    {
        using var hub = CommandHarness.Create();

        var result = await hub.RunAsync("init", "--members", "FR");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--dev-pki", result.Error, StringComparison.Ordinal);
    }
}
