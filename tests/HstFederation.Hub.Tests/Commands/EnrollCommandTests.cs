using System.Text;
using HstFederation.DevPki;
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
