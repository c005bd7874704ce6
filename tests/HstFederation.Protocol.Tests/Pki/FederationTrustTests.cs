using System.Security.Cryptography.X509Certificates;
using HstFederation.DevPki;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;
using HstFederation.Testing.Pki;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Protocol.Tests.Pki;

public sealed class FederationTrustTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PartyId France = PartyId.Member("FR");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly TestPki _pki;

    public FederationTrustTests() => _pki = TestPki.Create(_time, "FR", "DE");

    public static TheoryData<CertificatePurpose> Purposes => [CertificatePurpose.Tls, CertificatePurpose.MessageSigning, CertificatePurpose.MessageEncryption];

    [Fact]
    public void Validate_ValidMemberCertificates_ReturnsCertifiedKeys()
    {
        var fr = _pki.IssuedMember("FR");
        foreach (var certificate in fr.All)
        {
            var check = _pki.Trust.Validate(certificate.CertificateDer, certificate.Purpose, Start);
            Assert.True(check.IsValid, check.Detail);
            Assert.Equal(France, check.Key!.Party);
            Assert.Equal(certificate.Purpose, check.Key.Purpose);
            Assert.Equal(certificate.SerialNumber, check.Key.SerialNumber);
            Assert.Equal(certificate.CertificateDer, check.Key.CertificateDer.ToArray());
            Assert.Equal(Protocol.Crypto.KeyIds.Compute(check.Key.PublicKey.Span), check.Key.KeyId.ToArray());
        }

        Assert.Equal(Protocol.Crypto.KeyPairs.Ed25519PublicKey(fr.Signing.RawPrivateKey), _pki.Member("FR").Signing.PublicKey.ToArray());
        Assert.Equal(Protocol.Crypto.KeyPairs.X25519PublicKey(fr.Encryption.RawPrivateKey), _pki.Member("FR").Encryption.PublicKey.ToArray());
        using var tls = X509CertificateLoader.LoadCertificate(fr.Tls.CertificateDer);
        Assert.Equal(tls.PublicKey.ExportSubjectPublicKeyInfo(), _pki.Trust.Validate(fr.Tls.CertificateDer, CertificatePurpose.Tls, Start).Key!.PublicKey.ToArray());
    }

    [Fact]
    public void Validate_HubCertificates_NameTheHub()
    {
        foreach (var certificate in _pki.IssuedHub.All)
        {
            var check = _pki.Trust.Validate(certificate.CertificateDer, certificate.Purpose, Start);
            Assert.True(check.IsValid, check.Detail);
            Assert.Equal(PartyId.Hub, check.Key!.Party);
        }

        Assert.True(_pki.Hub.Party.IsHub);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01 })]
    [InlineData(new byte[] { 0xFF, 0x00, 0x13, 0x37 })]
    public void Validate_GarbageBytes_ReturnsMalformed(byte[] der)
    {
        var check = _pki.Trust.Validate(der, CertificatePurpose.Tls, Start);
        Assert.Equal(CertificateProblem.Malformed, check.Problem);
    }

    [Fact]
    public void Validate_TrailingBytes_ReturnsMalformed()
    {
        var der = _pki.IssuedMember("FR").Signing.CertificateDer.Append((byte)0).ToArray();
        Assert.Equal(CertificateProblem.Malformed, _pki.Trust.Validate(der, CertificatePurpose.MessageSigning, Start).Problem);
    }

    [Fact]
    public void Validate_EveryTruncation_NeverThrowsAndNeverValid()
    {
        var der = _pki.IssuedMember("FR").Tls.CertificateDer;
        for (var length = 0; length < der.Length; length++)
        {
            Assert.False(_pki.Trust.Validate(der.AsSpan(0, length), CertificatePurpose.Tls, Start).IsValid);
        }
    }

    [Theory]
    [MemberData(nameof(Purposes))]
    public void Validate_OtherRootCopyingSubjects_ReturnsNotIssuedByFederationRoot(CertificatePurpose purpose)
    {
        // Same root name, same member subject and SAN: only the signature tells them apart.
        var other = DevelopmentPki.Create([0xEE], Start);
        var forged = Issue(purpose, new CertificateOptions { IssuedBy = other });
        var check = _pki.Trust.Validate(forged.CertificateDer, purpose, Start);
        Assert.Equal(CertificateProblem.NotIssuedByFederationRoot, check.Problem);
        Assert.Contains("signature", check.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Purposes))]
    public void Validate_OtherRootCopyingSubjectsAndTheRootsKeyIdentifier_ReturnsNotIssuedByFederationRoot(CertificatePurpose purpose)
    {
        // The forger copies the federation root's key identifier too: nothing but the signature is left to refuse it.
        var other = DevelopmentPki.Create([0xEE], Start);
        var forged = Issue(purpose, new CertificateOptions { IssuedBy = other, AuthorityKeyIdentifierOf = _pki.Authority });
        var check = _pki.Trust.Validate(forged.CertificateDer, purpose, Start);
        Assert.Equal(CertificateProblem.NotIssuedByFederationRoot, check.Problem);
    }

    [Fact]
    public void Validate_OtherRootWithOtherName_ReturnsNotIssuedByFederationRoot()
    {
        var other = DevelopmentPki.Create([0xEE], Start, rootSubject: "CN=Evil Root");
        var forged = other.IssueSigning(France);
        Assert.Equal(CertificateProblem.NotIssuedByFederationRoot, _pki.Trust.Validate(forged.CertificateDer, CertificatePurpose.MessageSigning, Start).Problem);
    }

    [Theory]
    [MemberData(nameof(Purposes))]
    public void Validate_CaBitSet_ReturnsCertificateAuthority(CertificatePurpose purpose)
    {
        var certificate = Issue(purpose, new CertificateOptions { IsCertificateAuthority = true });
        Assert.Equal(CertificateProblem.CertificateAuthority, _pki.Trust.Validate(certificate.CertificateDer, purpose, Start).Problem);
    }

    [Theory]
    [MemberData(nameof(Purposes))]
    public void Validate_NoUriSan_ReturnsMissingIdentity(CertificatePurpose purpose)
    {
        var certificate = Issue(purpose, new CertificateOptions { Identities = [] });
        Assert.Equal(CertificateProblem.MissingIdentity, _pki.Trust.Validate(certificate.CertificateDer, purpose, Start).Problem);
    }

    [Theory]
    [MemberData(nameof(Purposes))]
    public void Validate_TwoUriSans_ReturnsSeveralIdentities(CertificatePurpose purpose)
    {
        var certificate = Issue(purpose, new CertificateOptions { Identities = ["urn:hst:member:FR", "urn:hst:member:DE"] });
        var check = _pki.Trust.Validate(certificate.CertificateDer, purpose, Start);
        Assert.Equal(CertificateProblem.SeveralIdentities, check.Problem);
        Assert.Contains("urn:hst:member:DE", check.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://example.org/fr")]
    [InlineData("urn:hst:member:fr")]
    [InlineData("urn:hst:member:XX")]
    [InlineData("urn:hst:hub:OTHER")]
    public void Validate_UriNotAParty_ReturnsInvalidIdentity(string uri)
    {
        foreach (var purpose in new[] { CertificatePurpose.Tls, CertificatePurpose.MessageSigning, CertificatePurpose.MessageEncryption })
        {
            var certificate = Issue(purpose, new CertificateOptions { Identities = [uri] });
            Assert.Equal(CertificateProblem.InvalidIdentity, _pki.Trust.Validate(certificate.CertificateDer, purpose, Start).Problem);
        }
    }

    [Fact]
    public void Validate_CommonNameDiffersFromUri_ReturnsInvalidIdentity()
    {
        var certificate = _pki.Authority.IssueSigning(France, new CertificateOptions { SubjectCommonName = "urn:hst:member:DE" });
        Assert.Equal(CertificateProblem.InvalidIdentity, _pki.Trust.Validate(certificate.CertificateDer, CertificatePurpose.MessageSigning, Start).Problem);
    }

    [Theory]
    [InlineData(CertificatePurpose.Tls, CertificatePurpose.MessageSigning)]
    [InlineData(CertificatePurpose.Tls, CertificatePurpose.MessageEncryption)]
    [InlineData(CertificatePurpose.MessageSigning, CertificatePurpose.Tls)]
    [InlineData(CertificatePurpose.MessageSigning, CertificatePurpose.MessageEncryption)]
    [InlineData(CertificatePurpose.MessageEncryption, CertificatePurpose.Tls)]
    [InlineData(CertificatePurpose.MessageEncryption, CertificatePurpose.MessageSigning)]
    public void Validate_CertificateOfAnotherPurpose_ReturnsWrongKeyType(CertificatePurpose issued, CertificatePurpose asked)
    {
        var certificate = Issue(issued, new CertificateOptions());
        Assert.Equal(CertificateProblem.WrongKeyType, _pki.Trust.Validate(certificate.CertificateDer, asked, Start).Problem);
    }

    [Theory]
    [InlineData(CertificatePurpose.Tls, X509KeyUsageFlags.KeyAgreement)]
    [InlineData(CertificatePurpose.Tls, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign)]
    [InlineData(CertificatePurpose.MessageSigning, X509KeyUsageFlags.KeyAgreement)]
    [InlineData(CertificatePurpose.MessageSigning, X509KeyUsageFlags.NonRepudiation)]
    [InlineData(CertificatePurpose.MessageEncryption, X509KeyUsageFlags.DigitalSignature)]
    [InlineData(CertificatePurpose.MessageEncryption, X509KeyUsageFlags.KeyAgreement | X509KeyUsageFlags.KeyEncipherment)]
    public void Validate_WrongKeyUsage_ReturnsWrongKeyUsage(CertificatePurpose purpose, X509KeyUsageFlags usage)
    {
        var certificate = Issue(purpose, new CertificateOptions { KeyUsage = usage });
        Assert.Equal(CertificateProblem.WrongKeyUsage, _pki.Trust.Validate(certificate.CertificateDer, purpose, Start).Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData(CertificateOptions.ServerAuth)]
    [InlineData(CertificateOptions.ClientAuth)]
    [InlineData("1.3.6.1.5.5.7.3.4,2.5.29.37.0")]
    public void Validate_TlsWithoutServerAndClientAuth_ReturnsWrongExtendedKeyUsage(string ekuList)
    {
        var ekus = ekuList.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var certificate = _pki.Authority.IssueTls(France, new CertificateOptions { ExtendedKeyUsages = ekus });
        Assert.Equal(CertificateProblem.WrongExtendedKeyUsage, _pki.Trust.Validate(certificate.CertificateDer, CertificatePurpose.Tls, Start).Problem);
    }

    [Theory]
    [MemberData(nameof(Purposes))]
    public void Validate_BeforeNotBefore_ReturnsNotYetValid(CertificatePurpose purpose)
    {
        var certificate = Issue(purpose, new CertificateOptions { NotBefore = Start.AddDays(1), NotAfter = Start.AddDays(30) });
        Assert.Equal(CertificateProblem.NotYetValid, _pki.Trust.Validate(certificate.CertificateDer, purpose, Start).Problem);
        Assert.True(_pki.Trust.Validate(certificate.CertificateDer, purpose, Start.AddDays(1)).IsValid);
    }

    [Theory]
    [MemberData(nameof(Purposes))]
    public void Validate_AfterNotAfter_ReturnsExpired(CertificatePurpose purpose)
    {
        var certificate = Issue(purpose, new CertificateOptions { NotBefore = Start.AddDays(-30), NotAfter = Start.AddSeconds(-1) });
        Assert.Equal(CertificateProblem.Expired, _pki.Trust.Validate(certificate.CertificateDer, purpose, Start).Problem);
        Assert.True(_pki.Trust.Validate(certificate.CertificateDer, purpose, Start.AddDays(-1)).IsValid);
    }

    [Fact]
    public void Validate_SameCertificateJudgedAtDifferentTimes_WindowEvaluatedEachCall()
    {
        var der = _pki.IssuedMember("FR").Signing.CertificateDer;
        Assert.True(_pki.Trust.Validate(der, CertificatePurpose.MessageSigning, Start).IsValid);
        Assert.Equal(CertificateProblem.Expired, _pki.Trust.Validate(der, CertificatePurpose.MessageSigning, Start.AddYears(2)).Problem);
        Assert.Equal(CertificateProblem.NotYetValid, _pki.Trust.Validate(der, CertificatePurpose.MessageSigning, Start.AddDays(-1)).Problem);
    }

    private IssuedCertificate Issue(CertificatePurpose purpose, CertificateOptions options) => purpose switch
    {
        CertificatePurpose.Tls => _pki.Authority.IssueTls(France, options),
        CertificatePurpose.MessageSigning => _pki.Authority.IssueSigning(France, options),
        _ => _pki.Authority.IssueEncryption(France, options),
    };
}
