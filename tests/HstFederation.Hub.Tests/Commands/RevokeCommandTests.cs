using HstFederation.DevPki;
using HstFederation.Hub.Commands;
using HstFederation.Hub.Hosting;
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
        // A CRL whose name leaves no room for the temporary name beside it (NAME_MAX is 255): creating that file fails.
        var crlPath = Path.Combine(hub.Directory, new string('c', 240) + ".pem");
        File.Copy(hub.RevocationListPath, crlPath);
        var before = File.ReadAllBytes(crlPath);

        var result = await hub.RunBareAsync(["revoke", "ES", "--root-key", hub.RootKeyPath, "--yes", .. hub.Settings, $"--Hub:RevocationListPath={crlPath}"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"cannot write the new CRL beside {crlPath}", result.Error, StringComparison.Ordinal);
        Assert.Equal("Active", (await hub.StatusesAsync())["ES"]);
        Assert.Equal(before, File.ReadAllBytes(crlPath));
    }

    [Fact]
    public async Task Revoke_WhileAnotherRevokeIsWritingTheCrl_IsRefusedUnchanged_AndNeitherRevocationIsLost()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var es = hub.Federation.Members["ES"];
        var fr = hub.Federation.Members["FR"];

        // Revoke A (ES) has read the current CRL and staged the next one, as the command does, but not yet installed it.
        using (var first = DevelopmentCrl.Open(CrlOptions(hub), hub.RootKeyPath, hub.Time))
        using (var staged = first.Stage([es.Signing.SerialNumber, es.Encryption.SerialNumber], hub.Time, TimeSpan.FromDays(30)))
        {
            // Revoke B (FR) meanwhile would issue the same CRL number, and one of the two renames would drop the other's serials.
            var second = await hub.RunAsync("revoke", "FR", "--root-key", hub.RootKeyPath, "--yes");

            Assert.Equal(1, second.ExitCode);
            Assert.Contains($"another revoke is writing the CRL at {hub.RevocationListPath}", second.Error, StringComparison.Ordinal);
            Assert.Equal("Active", (await hub.StatusesAsync())["FR"]);
            staged.Install();
        }

        var again = await hub.RunAsync("revoke", "FR", "--root-key", hub.RootKeyPath, "--yes");

        Assert.True(again.ExitCode == 0, again.ToString());
        var crl = RevocationList.Parse(File.ReadAllBytes(hub.RevocationListPath), hub.Federation.Pki.RootCertificateDer);
        Assert.All([es.Signing, es.Encryption, fr.Signing, fr.Encryption], c => Assert.True(crl.TryGetRevocation(c.SerialNumber, out _), c.SerialNumber));
    }

    [Fact]
    public async Task Install_CrlReplacedSinceItWasRead_LeavesTheNewerFileInPlace()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        using var crl = DevelopmentCrl.Open(CrlOptions(hub), hub.RootKeyPath, hub.Time);
        using var staged = crl.Stage([hub.Federation.Members["ES"].Signing.SerialNumber], hub.Time, TimeSpan.FromDays(30));
        // A tool that does not take the lock (the CA operator's, certs-dev) replaces the CRL meanwhile.
        File.AppendAllText(hub.RevocationListPath, "\n");
        var replaced = File.ReadAllBytes(hub.RevocationListPath);

        var error = Assert.Throws<IOException>(staged.Install);

        Assert.Contains($"{hub.RevocationListPath} was replaced since this revoke read it", error.Message, StringComparison.Ordinal);
        Assert.Equal(replaced, File.ReadAllBytes(hub.RevocationListPath));
    }

    [Fact]
    public async Task Write_FailingPartWay_LeavesNoTemporaryFileBeside()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        var before = File.ReadAllBytes(hub.RevocationListPath);
        using var crl = DevelopmentCrl.Open(CrlOptions(hub), hub.RootKeyPath, hub.Time);
        IssuedCrl issued;
        using (var staged = crl.Stage([hub.Federation.Members["ES"].Signing.SerialNumber], hub.Time, TimeSpan.FromDays(30)))
        {
            issued = staged.Crl;
        }

        var filesBefore = System.IO.Directory.GetFiles(Path.GetDirectoryName(hub.RevocationListPath)!).Order().ToList();

        var error = Assert.Throws<CommandFailedException>(() => StagedCrl.Write(issued, hub.RevocationListPath, before, (stream, bytes) =>
        {
            stream.Write(bytes.AsSpan(0, 10));
            throw new IOException("No space left on device");
        }));

        Assert.Contains($"cannot write the new CRL beside {hub.RevocationListPath}: No space left on device", error.Message, StringComparison.Ordinal);
        Assert.Equal(filesBefore, System.IO.Directory.GetFiles(Path.GetDirectoryName(hub.RevocationListPath)!).Order().ToList());
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
        Assert.Contains("urn:hst:member:ES is already Revoked; the registry did not change.", result.Out, StringComparison.Ordinal);
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

    private static HubOptions CrlOptions(CommandHarness hub) =>
        new() { RootCertificatePath = hub.RootCertificatePath, RevocationListPath = hub.RevocationListPath };
}
