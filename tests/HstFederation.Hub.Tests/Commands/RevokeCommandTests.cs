using HstFederation.Protocol.Pki;

namespace HstFederation.Hub.Tests.Commands;

public sealed class RevokeCommandTests
{
    [Fact]
    public async Task Revoke_WithRootKey_ListsTheMembersCertificatesInTheCrlAndMarksItRevoked()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var es = hub.Federation.Members["ES"];

        var result = await hub.RunAsync("revoke", "ES", "--root-key", hub.RootKeyPath, "--party-dir", hub.MemberDirectory("ES"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var crl = RevocationList.Parse(File.ReadAllBytes(hub.RevocationListPath), hub.Federation.Pki.RootCertificateDer);
        Assert.Equal(3, crl.Count);
        Assert.All(es.All, certificate => Assert.True(crl.TryGetRevocation(certificate.SerialNumber, out _), certificate.SerialNumber));
        Assert.True(crl.Number > hub.Federation.Crl.Number);
        Assert.Equal("Revoked", (await hub.StatusesAsync())["ES"]);
        Assert.Equal("Active", (await hub.StatusesAsync())["FR"]);

        // The hub's trust now refuses the member's certificates; enrolling them again is refused.
        var again = await hub.RunAsync("enroll", "ES", "--party-dir", hub.MemberDirectory("ES"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains(nameof(CertificateProblem.Revoked), again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_WithRootKeyOnly_RevokesTheRegisteredMessageCertificates()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var de = hub.Federation.Members["DE"];

        var result = await hub.RunAsync("revoke", "DE", "--root-key", hub.RootKeyPath, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var crl = RevocationList.Parse(File.ReadAllBytes(hub.RevocationListPath), hub.Federation.Pki.RootCertificateDer);
        Assert.True(crl.TryGetRevocation(de.Signing.SerialNumber, out _));
        Assert.True(crl.TryGetRevocation(de.Encryption.SerialNumber, out _));
        Assert.False(crl.TryGetRevocation(de.Tls.SerialNumber, out _));
        Assert.Equal(2, CommandHarness.Array(result.Json(), "revokedSerials").Length);
    }

    [Fact]
    public async Task Revoke_WithoutRootKey_MarksRevokedAndLeavesTheCrlToTheCaOperator()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var before = File.ReadAllBytes(hub.RevocationListPath);

        var result = await hub.RunAsync("revoke", "FR");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("CA operator", result.Out, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(hub.RevocationListPath));
        Assert.Equal("Revoked", (await hub.StatusesAsync())["FR"]);
    }

    [Fact]
    public async Task Revoke_WrongRootKey_FailsNamingTheKeyFile()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var wrongKey = hub.Federation.Members["FR"].Tls.PrivateKeyPem;
        var path = Path.Combine(hub.Directory, "wrong.key.pem");
        File.WriteAllText(path, wrongKey);

        var result = await hub.RunAsync("revoke", "IT", "--root-key", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
    }
}
