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

        var result = await hub.RunAsync("revoke", "ES", "--root-key", hub.RootKeyPath, "--party-dir", hub.MemberDirectory("ES"), "--yes");

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

        var result = await hub.RunAsync("revoke", "DE", "--root-key", hub.RootKeyPath, "--json", "--yes");

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

        var result = await hub.RunAsync("revoke", "FR", "--yes");

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

        var before = File.ReadAllBytes(hub.RevocationListPath);

        var result = await hub.RunAsync("revoke", "IT", "--root-key", path, "--yes");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
        Assert.Equal("Active", (await hub.StatusesAsync())["IT"]);
        Assert.Equal(before, File.ReadAllBytes(hub.RevocationListPath));
    }

    [Fact]
    public async Task Revoke_MissingRootKey_ChangesNothing()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var before = File.ReadAllBytes(hub.RevocationListPath);
        var missing = Path.Combine(hub.Directory, "no-such.key.pem");

        var result = await hub.RunAsync("revoke", "ES", "--root-key", missing, "--party-dir", hub.MemberDirectory("ES"), "--yes");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"--root-key: {missing}: file not found", result.Error, StringComparison.Ordinal);
        Assert.Equal("Active", (await hub.StatusesAsync())["ES"]);
        Assert.Equal(before, File.ReadAllBytes(hub.RevocationListPath));
    }

    [Fact]
    public async Task Revoke_RootCertificateGivenAsTheKey_ChangesNothing()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var before = File.ReadAllBytes(hub.RevocationListPath);

        var result = await hub.RunAsync("revoke", "ES", "--root-key", hub.RootCertificatePath, "--yes");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"--root-key: {hub.RootCertificatePath}: not the private key", result.Error, StringComparison.Ordinal);
        Assert.Equal("Active", (await hub.StatusesAsync())["ES"]);
        Assert.Equal(before, File.ReadAllBytes(hub.RevocationListPath));
    }

    [Fact]
    public async Task Revoke_NewCrlCannotBeWritten_ChangesNothing()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var before = File.ReadAllBytes(hub.RevocationListPath);
        System.IO.Directory.CreateDirectory(hub.RevocationListPath + ".tmp"); // where the new CRL is written before it replaces the file

        var result = await hub.RunAsync("revoke", "ES", "--root-key", hub.RootKeyPath, "--yes");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"cannot write the new CRL beside {hub.RevocationListPath}", result.Error, StringComparison.Ordinal);
        Assert.Equal("Active", (await hub.StatusesAsync())["ES"]);
        Assert.Equal(before, File.ReadAllBytes(hub.RevocationListPath));
    }

    [Fact]
    public async Task Revoke_AgainOnARevokedMemberWhoseSerialsTheCrlLacks_FinishesTheCrl()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var es = hub.Federation.Members["ES"];
        Assert.Equal(0, (await hub.RunAsync("revoke", "ES", "--yes")).ExitCode); // registry only: the CRL lacks ES's serials

        var result = await hub.RunAsync("revoke", "ES", "--root-key", hub.RootKeyPath, "--yes");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("urn:hst:member:ES was already Revoked.", result.Out, StringComparison.Ordinal);
        var crl = RevocationList.Parse(File.ReadAllBytes(hub.RevocationListPath), hub.Federation.Pki.RootCertificateDer);
        Assert.True(crl.TryGetRevocation(es.Signing.SerialNumber, out _));
        Assert.True(crl.TryGetRevocation(es.Encryption.SerialNumber, out _));
        Assert.Equal("Revoked", (await hub.StatusesAsync())["ES"]);

        // Once the CRL lists them, a further run changes nothing and says so.
        var written = File.ReadAllBytes(hub.RevocationListPath);
        var again = await hub.RunAsync("revoke", "ES", "--root-key", hub.RootKeyPath, "--yes");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already lists", again.Out, StringComparison.Ordinal);
        Assert.Equal(written, File.ReadAllBytes(hub.RevocationListPath));
    }

    [Fact]
    public async Task Revoke_WithoutYes_ShowsWhatWouldHappenAndChangesNothing()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var es = hub.Federation.Members["ES"];
        var before = File.ReadAllBytes(hub.RevocationListPath);
        var audit = hub.Scalar("SELECT COUNT(*) FROM audit;");

        var result = await hub.RunAsync("revoke", "ES", "--root-key", hub.RootKeyPath, "--party-dir", hub.MemberDirectory("ES"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Would revoke urn:hst:member:ES (now Active)", result.Out, StringComparison.Ordinal);
        Assert.All(es.All, certificate => Assert.Contains(certificate.SerialNumber, result.Out, StringComparison.Ordinal));
        Assert.Contains("nothing changed; add --yes", result.Error, StringComparison.Ordinal);
        Assert.Equal("Active", (await hub.StatusesAsync())["ES"]);
        Assert.Equal(before, File.ReadAllBytes(hub.RevocationListPath));
        Assert.Equal(audit, hub.Scalar("SELECT COUNT(*) FROM audit;"));

        var registryOnly = await hub.RunAsync("revoke", "es");
        Assert.Equal(2, registryOnly.ExitCode);
        Assert.Contains("the CA operator must revoke", registryOnly.Out, StringComparison.Ordinal);
        Assert.Equal("Active", (await hub.StatusesAsync())["ES"]);
    }
}
