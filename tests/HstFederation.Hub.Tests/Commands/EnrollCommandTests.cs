using System.Text;
using HstFederation.DevPki;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.Hub.Tests.Commands;

public sealed class EnrollCommandTests
{
    [Fact]
    public async Task Enroll_ValidCertificates_EnrolsTheMemberActive()
    {
        using var hub = CommandHarness.Create();
        await hub.RunAsync("init");
        var fr = hub.MemberDirectory("FR");

        var result = await hub.RunAsync("enroll", "FR", "--signing-cert", Path.Combine(fr, CredentialLoader.SigningCertificateFile),
            "--encryption-cert", Path.Combine(fr, CredentialLoader.EncryptionCertificateFile));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Enrolled urn:hst:member:FR: Active", result.Out, StringComparison.Ordinal);
        Assert.Equal("Active", (await hub.StatusesAsync())["FR"]);
    }

    [Fact]
    public async Task Enroll_CertificatesOfAnotherCa_AreRefusedNamingTheProblem()
    {
        using var hub = CommandHarness.Create();
        await hub.RunAsync("init");
        var other = Path.Combine(hub.Directory, "other-ca");
        var pki = DevelopmentPki.Create(Encoding.ASCII.GetBytes("another root"), hub.Time.GetUtcNow().AddHours(-1));
        DevelopmentFederation.Create(pki, ["FR"], TimeSpan.FromDays(7)).WriteTo(other);

        var result = await hub.RunAsync("enroll", "FR", "--party-dir", FederationLayout.MemberDirectory(other, "FR"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(nameof(CertificateProblem.NotIssuedByFederationRoot), result.Error, StringComparison.Ordinal);
        Assert.Contains(CredentialLoader.SigningCertificateFile, result.Error, StringComparison.Ordinal);
        Assert.Empty(await hub.StatusesAsync());
    }

    [Fact]
    public async Task Enroll_CertificatesOfAnotherMember_AreRefusedAsIdentityMismatch()
    {
        using var hub = CommandHarness.Create();
        await hub.RunAsync("init");

        var result = await hub.RunAsync("enroll", "FR", "--party-dir", hub.MemberDirectory("DE"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("identity mismatch", result.Error, StringComparison.Ordinal);
        Assert.Contains("urn:hst:member:DE", result.Error, StringComparison.Ordinal);
        Assert.Empty(await hub.StatusesAsync());
    }

    [Theory]
    [InlineData(CredentialLoader.EncryptionCertificateFile, CredentialLoader.EncryptionCertificateFile)]
    [InlineData(CredentialLoader.TlsCertificateFile, CredentialLoader.EncryptionCertificateFile)]
    [InlineData(CredentialLoader.SigningCertificateFile, CredentialLoader.SigningCertificateFile)]
    public async Task Enroll_CertificateOfTheWrongPurpose_IsRefused(string signingFile, string encryptionFile)
    {
        using var hub = CommandHarness.Create();
        await hub.RunAsync("init");
        var fr = hub.MemberDirectory("FR");

        var result = await hub.RunAsync("enroll", "FR", "--signing-cert", Path.Combine(fr, signingFile), "--encryption-cert", Path.Combine(fr, encryptionFile));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("refused as urn:hst:member:FR's", result.Error, StringComparison.Ordinal);
        Assert.Contains(nameof(CertificateProblem.WrongKeyType), result.Error, StringComparison.Ordinal);
        Assert.Empty(await hub.StatusesAsync());
    }

    [Fact]
    public async Task Enroll_RevokedCertificate_IsRefused()
    {
        using var hub = CommandHarness.Create();
        await hub.RunAsync("init");
        hub.Federation.Pki.Revoke(hub.Federation.Members["IT"], hub.Time.GetUtcNow().AddMinutes(-1));
        var crl = hub.Federation.Pki.IssueCrl(hub.Time.GetUtcNow().AddMinutes(-1), hub.Time.GetUtcNow().AddDays(7));
        File.WriteAllText(hub.RevocationListPath, crl.Pem + "\n");

        var result = await hub.RunAsync("enroll", "IT", "--party-dir", hub.MemberDirectory("IT"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(nameof(CertificateProblem.Revoked), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enroll_MissingFile_FailsNamingIt()
    {
        using var hub = CommandHarness.Create();
        await hub.RunAsync("init");
        var missing = Path.Combine(hub.Directory, "nope.crt.pem");

        var result = await hub.RunAsync("enroll", "FR", "--signing-cert", missing, "--encryption-cert", missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enroll_RevokedMemberWithTheCertificatesItHeld_IsRefusedAndStaysRevoked()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        Assert.Equal(0, (await hub.RunAsync("revoke", "ES", "--yes")).ExitCode); // registry only: the CRL does not list them

        var result = await hub.RunAsync("enroll", "ES", "--party-dir", hub.MemberDirectory("ES"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"serial {hub.Federation.Members["ES"].Signing.SerialNumber}", result.Error, StringComparison.Ordinal);
        Assert.Contains("only with new certificates", result.Error, StringComparison.Ordinal);
        Assert.Equal("Revoked", (await hub.StatusesAsync())["ES"]);
    }

    [Fact]
    public async Task Enroll_RevokedMemberWithNewCertificates_IsActiveAgain()
    {
        using var hub = CommandHarness.Create();
        await hub.InitAndEnrolAllAsync();
        Assert.Equal(0, (await hub.RunAsync("revoke", "ES", "--yes")).ExitCode);
        var es = PartyId.Member("ES");
        var signing = Path.Combine(hub.Directory, "es-signing-2.crt.pem");
        var encryption = Path.Combine(hub.Directory, "es-encryption-2.crt.pem");
        File.WriteAllText(signing, hub.Federation.Pki.IssueSigning(es).CertificatePem);
        File.WriteAllText(encryption, hub.Federation.Pki.IssueEncryption(es).CertificatePem);

        var result = await hub.RunAsync("enroll", "es", "--signing-cert", signing, "--encryption-cert", encryption);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Enrolled urn:hst:member:ES: Active (was Revoked)", result.Out, StringComparison.Ordinal);
        Assert.Equal("Active", (await hub.StatusesAsync())["ES"]);
    }

    [Fact]
    public async Task Enroll_MissingPartyDirectory_NamesItAndWhatBelongsInIt()
    {
        using var hub = CommandHarness.Create();
        await hub.RunAsync("init");
        var missing = Path.Combine(hub.Directory, "incoming", "FR");

        var result = await hub.RunAsync("enroll", "FR", "--party-dir", missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"--party-dir: {missing}: no such directory", result.Error, StringComparison.Ordinal);
        Assert.Contains(CredentialLoader.SigningCertificateFile, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("BIO", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enroll_PartyDirectoryWithoutTheCertificates_NamesTheMissingFile()
    {
        using var hub = CommandHarness.Create();
        await hub.RunAsync("init");
        var empty = System.IO.Directory.CreateDirectory(Path.Combine(hub.Directory, "empty")).FullName;

        var result = await hub.RunAsync("enroll", "FR", "--party-dir", empty);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{Path.Combine(empty, CredentialLoader.SigningCertificateFile)}: file not found", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("BIO", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enroll_WithoutTheRootSetting_FailsNamingTheSetting()
    {
        using var hub = CommandHarness.Create();
        await hub.RunAsync("init");

        var result = await hub.RunBareAsync("enroll", "FR", "--party-dir", hub.MemberDirectory("FR"), $"--Hub:DatabasePath={hub.DatabasePath}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Hub:RootCertificatePath", result.Error, StringComparison.Ordinal);
        Assert.Contains("Hub:RevocationListPath", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Hub:CredentialsDirectory", result.Error, StringComparison.Ordinal);
    }
}
