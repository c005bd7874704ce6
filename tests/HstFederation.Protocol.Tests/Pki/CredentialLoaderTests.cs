using System.Security.Cryptography.X509Certificates;
using HstFederation.DevPki;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Protocol.Tests.Pki;

public sealed class CredentialLoaderTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly DevelopmentFederation _federation;
    private readonly FederationTrust _trust;

    public CredentialLoaderTests()
    {
        _federation = DevelopmentFederation.Create(DevelopmentPki.Create([7], Start), ["FR", "DE"], TimeSpan.FromDays(7));
        _federation.WriteTo(_dir.Path);
        _trust = FederationTrust.Load(FederationLayout.RootCertificate(_dir.Path), FederationLayout.RevocationList(_dir.Path), _time);
    }

    private string France => FederationLayout.MemberDirectory(_dir.Path, "FR");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LoadPartyCredentials_WrittenFederation_LoadsMemberAndHub()
    {
        var fr = CredentialLoader.LoadPartyCredentials(France, _trust);
        Assert.Equal(PartyId.Member("FR"), fr.Party);
        Assert.Equal(_federation.Members["FR"].Signing.CertificateDer, fr.Signing.CertificateDer.ToArray());
        Assert.Equal(PartyId.Hub, CredentialLoader.LoadPartyCredentials(FederationLayout.HubDirectory(_dir.Path), _trust).Party);
    }

    [Fact]
    public void LoadTlsCertificate_WrittenFederation_HasPrivateKeyAndIdentity()
    {
        using var certificate = CredentialLoader.LoadTlsCertificate(France, _trust);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(_federation.Members["FR"].Tls.CertificateDer, certificate.RawData);
        using var key = certificate.GetECDsaPrivateKey();
        Assert.NotNull(key);
    }

    [Theory]
    [InlineData(CredentialLoader.SigningKeyFile)]
    [InlineData(CredentialLoader.EncryptionCertificateFile)]
    [InlineData(CredentialLoader.TlsCertificateFile)]
    public void LoadPartyCredentials_MissingFile_NamesFile(string file)
    {
        File.Delete(Path.Combine(France, file));
        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));
        Assert.Equal(Path.Combine(France, file), e.FilePath);
        Assert.Contains(Path.Combine(France, file), e.Message, StringComparison.Ordinal);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPartyCredentials_KeyOfAnotherMember_NamesKeyFileAndMismatch()
    {
        var de = FederationLayout.MemberDirectory(_dir.Path, "DE");
        File.Copy(Path.Combine(de, CredentialLoader.SigningKeyFile), Path.Combine(France, CredentialLoader.SigningKeyFile), overwrite: true);
        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));
        Assert.Equal(Path.Combine(France, CredentialLoader.SigningKeyFile), e.FilePath);
        Assert.Contains("does not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadTlsCertificate_KeyOfAnotherMember_NamesKeyFile()
    {
        var de = FederationLayout.MemberDirectory(_dir.Path, "DE");
        File.Copy(Path.Combine(de, CredentialLoader.TlsKeyFile), Path.Combine(France, CredentialLoader.TlsKeyFile), overwrite: true);
        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadTlsCertificate(France, _trust));
        Assert.Equal(Path.Combine(France, CredentialLoader.TlsKeyFile), e.FilePath);
        Assert.Contains("does not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPartyCredentials_WrongKeyType_NamesKeyFile()
    {
        File.Copy(Path.Combine(France, CredentialLoader.EncryptionKeyFile), Path.Combine(France, CredentialLoader.SigningKeyFile), overwrite: true);
        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));
        Assert.Equal(Path.Combine(France, CredentialLoader.SigningKeyFile), e.FilePath);
        Assert.Contains("wrong key type", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPartyCredentials_CertificateFromAnotherCa_NamesFileAndProblem()
    {
        var other = DevelopmentPki.Create([0xEE], Start);
        var forged = other.IssueSigning(PartyId.Member("FR"));
        var path = Path.Combine(France, CredentialLoader.SigningCertificateFile);
        File.WriteAllText(path, forged.CertificatePem);
        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(nameof(CertificateProblem.NotIssuedByFederationRoot), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPartyCredentials_SigningCertOfAnotherParty_NamesIdentityMismatch()
    {
        var de = FederationLayout.MemberDirectory(_dir.Path, "DE");
        foreach (var file in new[] { CredentialLoader.SigningCertificateFile, CredentialLoader.SigningKeyFile })
        {
            File.Copy(Path.Combine(de, file), Path.Combine(France, file), overwrite: true);
        }

        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));
        Assert.Equal(Path.Combine(France, CredentialLoader.SigningCertificateFile), e.FilePath);
        Assert.Contains("differs from the TLS certificate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPartyCredentials_NotPem_NamesFile()
    {
        var path = Path.Combine(France, CredentialLoader.EncryptionCertificateFile);
        File.WriteAllText(path, "not a certificate");
        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("not a PEM file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CrlOfAnotherRoot_NamesCrlFile()
    {
        var other = DevelopmentPki.Create([0xEE], Start);
        File.WriteAllText(FederationLayout.RevocationList(_dir.Path), other.IssueCrl(Start, Start.AddDays(1)).Pem);
        var e = Assert.Throws<CredentialException>(() => FederationTrust.Load(FederationLayout.RootCertificate(_dir.Path), FederationLayout.RevocationList(_dir.Path), _time));
        Assert.Equal(FederationLayout.RevocationList(_dir.Path), e.FilePath);
    }

    [Fact]
    public void LoadPartyCredentials_ExpiredCertificates_NamesProblem()
    {
        _time.Advance(TimeSpan.FromDays(400));
        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));
        Assert.Contains(nameof(CertificateProblem.Expired), e.Message, StringComparison.Ordinal);
        // Times as the commands print them (not 2027-...T...0000000+00:00), and what to do next.
        Assert.Matches(@"expired at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, judged at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ; put a renewed certificate", e.Message);
    }

    [Fact]
    public void LoadPartyCredentials_StaleCrl_SaysSinceWhen_AndThatTheCertificateIsNotAtFault()
    {
        // The CRL's nextUpdate is Start + 7 days; the default grace is a day: stale from Start + 8 days.
        _time.Advance(TimeSpan.FromDays(9));
        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));

        Assert.Contains(nameof(CertificateProblem.RevocationDataStale), e.Message, StringComparison.Ordinal);
        Assert.Contains("stale since 2030-01-09 00:00:00Z, judged at 2030-01-10 00:00:00Z", e.Message, StringComparison.Ordinal);
        Assert.Contains("this certificate is not at fault", e.Message, StringComparison.Ordinal);
        Assert.Contains("a fresh federation CRL from the CA operator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPartyCredentials_RevokedCertificate_SaysOnlyNewCertificatesHelp()
    {
        _federation.Pki.Revoke(_federation.Members["FR"], Start);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(_trust.UpdateRevocationList(_federation.Pki.IssueCrl(_time.GetUtcNow(), _time.GetUtcNow().AddDays(7)).ToRevocationList()));

        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));

        Assert.Contains(nameof(CertificateProblem.Revoked), e.Message, StringComparison.Ordinal);
        Assert.Contains("can never be used again", e.Message, StringComparison.Ordinal);
        Assert.Contains("only with new certificates from the CA operator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPartyCredentials_PreviousEncryptionKey_IsHeldBesideTheNewOne_EvenRevokedSince()
    {
        var old = _federation.Members["FR"].Encryption;
        var renewed = RenewEncryptionKey("2030-01");
        _federation.Pki.Revoke(old, Start);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(_trust.UpdateRevocationList(_federation.Pki.IssueCrl(_time.GetUtcNow(), _time.GetUtcNow().AddDays(7)).ToRevocationList()));

        var fr = CredentialLoader.LoadPartyCredentials(France, _trust);

        Assert.Equal(renewed.CertificateDer, fr.Encryption.CertificateDer.ToArray());
        Assert.Equal(old.CertificateDer, Assert.Single(fr.PreviousEncryption).CertificateDer.ToArray());
    }

    [Fact]
    public void LoadPartyCredentials_PreviousKeyFileUnreadable_NamesFile()
    {
        RenewEncryptionKey("2030-01");
        var path = Path.Combine(France, CredentialLoader.PreviousKeysDirectory, "2030-01", CredentialLoader.EncryptionKeyFile);
        File.WriteAllText(path, "not a key");
        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void LoadPartyCredentials_PreviousKeyOfAnotherMember_NamesFileAndProblem()
    {
        var previous = Path.Combine(France, CredentialLoader.PreviousKeysDirectory, "de");
        Directory.CreateDirectory(previous);
        var de = FederationLayout.MemberDirectory(_dir.Path, "DE");
        File.Copy(Path.Combine(de, CredentialLoader.EncryptionCertificateFile), Path.Combine(previous, CredentialLoader.EncryptionCertificateFile));
        File.Copy(Path.Combine(de, CredentialLoader.EncryptionKeyFile), Path.Combine(previous, CredentialLoader.EncryptionKeyFile));
        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));
        Assert.Equal(Path.Combine(previous, CredentialLoader.EncryptionCertificateFile), e.FilePath);
        Assert.Contains("differs from the TLS certificate", e.Message, StringComparison.Ordinal);

        File.Copy(Path.Combine(France, CredentialLoader.EncryptionCertificateFile), Path.Combine(previous, CredentialLoader.EncryptionCertificateFile), overwrite: true);
        e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));
        Assert.Equal(Path.Combine(previous, CredentialLoader.EncryptionKeyFile), e.FilePath);
        Assert.Contains("does not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPartyCredentials_KeyFileDirectlyInPrevious_NamesFile()
    {
        var previous = Path.Combine(France, CredentialLoader.PreviousKeysDirectory);
        Directory.CreateDirectory(previous);
        File.Copy(Path.Combine(France, CredentialLoader.EncryptionKeyFile), Path.Combine(previous, CredentialLoader.EncryptionKeyFile));
        var e = Assert.Throws<CredentialException>(() => CredentialLoader.LoadPartyCredentials(France, _trust));
        Assert.Equal(Path.Combine(previous, CredentialLoader.EncryptionKeyFile), e.FilePath);
        Assert.Contains("folder of its own", e.Message, StringComparison.Ordinal);
    }

    /// <summary>An operator renewing FR's encryption key: the replaced files go to previous/<paramref name="keepAs"/>/, the new ones in their place.</summary>
    private IssuedCertificate RenewEncryptionKey(string keepAs)
    {
        var previous = Path.Combine(France, CredentialLoader.PreviousKeysDirectory, keepAs);
        Directory.CreateDirectory(previous);
        foreach (var file in new[] { CredentialLoader.EncryptionCertificateFile, CredentialLoader.EncryptionKeyFile })
        {
            File.Move(Path.Combine(France, file), Path.Combine(previous, file));
        }

        var renewed = _federation.Pki.IssueEncryption(PartyId.Member("FR"));
        File.WriteAllText(Path.Combine(France, CredentialLoader.EncryptionCertificateFile), renewed.CertificatePem + "\n");
        File.WriteAllText(Path.Combine(France, CredentialLoader.EncryptionKeyFile), renewed.PrivateKeyPem + "\n");
        return renewed;
    }
}
