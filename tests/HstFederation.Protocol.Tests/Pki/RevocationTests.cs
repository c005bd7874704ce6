using System.Security.Cryptography;
using System.Text;
using HstFederation.DevPki;
using HstFederation.Protocol.Pki;
using HstFederation.Testing.Pki;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Protocol.Tests.Pki;

public sealed class RevocationTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly TestPki _pki;

    public RevocationTests() => _pki = TestPki.Create(_time, "FR", "DE");

    [Theory]
    [InlineData(CertificatePurpose.Tls)]
    [InlineData(CertificatePurpose.MessageSigning)]
    [InlineData(CertificatePurpose.MessageEncryption)]
    public void Validate_RevokedBeforeAt_ReturnsRevoked(CertificatePurpose purpose)
    {
        var certificate = _pki.IssuedMember("FR").All.Single(c => c.Purpose == purpose);
        _time.Advance(TimeSpan.FromHours(1));
        _pki.Revoke(certificate, _time.GetUtcNow());
        var check = _pki.Trust.Validate(certificate.CertificateDer, purpose, _time.GetUtcNow());
        Assert.Equal(CertificateProblem.Revoked, check.Problem);
        Assert.Contains(certificate.SerialNumber, check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RevokedAfterAt_StillValidAtAt()
    {
        var signing = _pki.IssuedMember("FR").Signing;
        var signedAt = Start.AddMinutes(10);
        _time.Advance(TimeSpan.FromHours(1));
        _pki.Revoke(signing, _time.GetUtcNow());

        Assert.True(_pki.Trust.Validate(signing.CertificateDer, CertificatePurpose.MessageSigning, signedAt).IsValid);
        Assert.Equal(CertificateProblem.Revoked, _pki.Trust.Validate(signing.CertificateDer, CertificatePurpose.MessageSigning, _time.GetUtcNow()).Problem);
        Assert.True(_pki.Trust.Validate(_pki.IssuedMember("DE").Signing.CertificateDer, CertificatePurpose.MessageSigning, _time.GetUtcNow()).IsValid);
    }

    [Fact]
    public void RevokeMember_AllThreeCertificatesRevoked_OtherMembersUnaffected()
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        _pki.RevokeMember("FR", _time.GetUtcNow());
        foreach (var certificate in _pki.IssuedMember("FR").All)
        {
            Assert.Equal(CertificateProblem.Revoked, _pki.Trust.Validate(certificate.CertificateDer, certificate.Purpose, _time.GetUtcNow()).Problem);
        }

        foreach (var certificate in _pki.IssuedMember("DE").All.Concat(_pki.IssuedHub.All))
        {
            Assert.True(_pki.Trust.Validate(certificate.CertificateDer, certificate.Purpose, _time.GetUtcNow()).IsValid);
        }
    }

    [Fact]
    public void Validate_CrlPastNextUpdatePlusGrace_ReturnsRevocationDataStale()
    {
        var der = _pki.IssuedMember("FR").Tls.CertificateDer;
        _time.Advance(TestPki.CrlValidity + _pki.Trust.Options.RevocationGrace);
        Assert.True(_pki.Trust.Validate(der, CertificatePurpose.Tls, _time.GetUtcNow()).IsValid);

        _time.Advance(TimeSpan.FromSeconds(1));
        var check = _pki.Trust.Validate(der, CertificatePurpose.Tls, Start);
        Assert.Equal(CertificateProblem.RevocationDataStale, check.Problem);

        _pki.RefreshCrl();
        Assert.True(_pki.Trust.Validate(der, CertificatePurpose.Tls, _time.GetUtcNow()).IsValid);
    }

    [Fact]
    public void Validate_NoCrlLoaded_ReturnsRevocationDataStale()
    {
        var trust = new FederationTrust(_pki.Authority.RootCertificateDer, null, _time);
        var check = trust.Validate(_pki.IssuedMember("FR").Signing.CertificateDer, CertificatePurpose.MessageSigning, Start);
        Assert.Equal(CertificateProblem.RevocationDataStale, check.Problem);
    }

    [Fact]
    public void Parse_CrlSignedByAnotherRoot_Refused()
    {
        var other = DevelopmentPki.Create([0xEE], Start);
        var foreignCrl = other.IssueCrl(Start, Start.AddDays(7));
        Assert.Throws<CryptographicException>(() => RevocationList.Parse(foreignCrl.Der, _pki.Authority.RootCertificateDer));
    }

    [Fact]
    public void Parse_CrlFromOtherRootWithOtherName_Refused()
    {
        var other = DevelopmentPki.Create([0xEE], Start, rootSubject: "CN=Evil Root");
        var foreignCrl = other.IssueCrl(Start, Start.AddDays(7));
        Assert.Throws<CryptographicException>(() => RevocationList.Parse(foreignCrl.Der, _pki.Authority.RootCertificateDer));
    }

    [Fact]
    public void UpdateRevocationList_ForeignCrl_Throws()
    {
        var other = DevelopmentPki.Create([0xEE], Start);
        var foreign = other.IssueCrl(Start, Start.AddDays(7)).ToRevocationList();
        Assert.Throws<ArgumentException>(() => _pki.Trust.UpdateRevocationList(foreign));
    }

    [Fact]
    public void Parse_PemAndDer_SameContent()
    {
        var fr = _pki.IssuedMember("FR").Tls;
        _pki.Authority.Revoke(fr, Start);
        var crl = _pki.Authority.IssueCrl(Start, Start.AddDays(7));
        var fromPem = RevocationList.Parse(Encoding.ASCII.GetBytes(crl.Pem), _pki.Authority.RootCertificateDer);
        var fromDer = RevocationList.Parse(crl.Der, _pki.Authority.RootCertificateDer);
        Assert.Equal(fromDer.Der.ToArray(), fromPem.Der.ToArray());
        Assert.True(fromPem.TryGetRevocation(fr.SerialNumber.ToLowerInvariant(), out var at));
        Assert.Equal(Start, at);
        Assert.Equal(Start.AddDays(7), fromPem.NextUpdate);
        Assert.Equal(crl.Number, fromPem.Number);
    }

    [Fact]
    public void Parse_NotACrl_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => RevocationList.Parse("hello"u8, _pki.Authority.RootCertificateDer));
        Assert.Throws<FormatException>(() => RevocationList.Parse(_pki.Authority.RootCertificateDer, _pki.Authority.RootCertificateDer));
    }

    [Fact]
    public void UpdateRevocationList_OlderCrl_KeptCurrent()
    {
        var older = _pki.Crl.ToRevocationList();
        var newer = _pki.RefreshCrl().ToRevocationList();
        Assert.False(_pki.Trust.UpdateRevocationList(older));
        Assert.Equal(newer.Number, _pki.Trust.RevocationList!.Number);
        Assert.False(_pki.Trust.UpdateRevocationList(newer));
    }
}
