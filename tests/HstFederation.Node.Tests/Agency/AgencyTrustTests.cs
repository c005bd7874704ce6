using System.Security.Cryptography.X509Certificates;
using System.Text;
using HstFederation.DevPki;
using HstFederation.Node.Agency;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// <see cref="AgencyTrust.Validate"/> on each agency-profile deviation, minted by FR's development national
/// CA (<see cref="NationalCertificateOptions"/>): each is refused with its own <see cref="AgencyCertificateProblem"/>,
/// judged on a fake clock. The same certificates are refused at the handshake in <see cref="AgencyCertificateProfileTlsTests"/>.
/// </summary>
public sealed class AgencyTrustTests : IDisposable
{
    private const string Identity = "urn:hst:agency:FR:border-police";
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly NationalAuthority _national = NationalAuthority.Create(Encoding.ASCII.GetBytes("agency trust tests"), "FR", Start);
    private readonly FakeTimeProvider _time = new(Start.AddDays(1));
    private readonly AgencyTrust _trust;

    public AgencyTrustTests()
    {
        _trust = new AgencyTrust(X509CertificateLoader.LoadCertificate(_national.RootCertificateDer), "FR", _time);
    }

    public void Dispose() => _trust.Dispose();

    [Fact]
    public void Validate_AgencyCertificateOfThisCountry_IsValidWithItsIdentity()
    {
        var check = Validate(_national.IssueAgency("border-police"));

        Assert.True(check.IsValid, check.Detail);
        Assert.Equal(AgencyCertificateProblem.None, check.Problem);
        Assert.Equal(Identity, check.Agency!.Value.Uri);
    }

    [Fact]
    public void Validate_BeforeNotBefore_IsNotYetValid_AndValidFromNotBeforeOn()
    {
        var notBefore = Start.AddDays(2);
        var certificate = _national.IssueAgency("border-police", new NationalCertificateOptions { NotBefore = notBefore, NotAfter = notBefore.AddDays(30) });

        AssertRefused(certificate, AgencyCertificateProblem.NotYetValid);

        _time.SetUtcNow(notBefore.AddSeconds(-1));
        AssertRefused(certificate, AgencyCertificateProblem.NotYetValid);

        _time.SetUtcNow(notBefore);
        Assert.True(Validate(certificate).IsValid);
    }

    [Fact]
    public void Validate_AfterNotAfter_IsExpired()
    {
        var certificate = _national.IssueAgency("border-police", new NationalCertificateOptions { NotBefore = Start, NotAfter = Start.AddHours(12) });

        AssertRefused(certificate, AgencyCertificateProblem.Expired);
    }

    /// <summary>notAfter itself is valid (RFC 5280, as FederationTrust); the platform chain alone called it expired, and the verdict was Malformed.</summary>
    [Fact]
    public void Validate_UpToAndAtNotAfter_IsValid_AndJustAfterExpired()
    {
        var notAfter = Start.AddDays(2);
        var certificate = _national.IssueAgency("border-police", new NationalCertificateOptions { NotBefore = Start, NotAfter = notAfter });

        foreach (var at in new[] { notAfter.AddSeconds(-1), notAfter.AddMilliseconds(-500), notAfter.AddTicks(-1), notAfter })
        {
            _time.SetUtcNow(at);
            var check = Validate(certificate);
            Assert.True(check.IsValid, $"at {at:O}: {check.Problem}: {check.Detail}");
        }

        _time.SetUtcNow(notAfter.AddTicks(1));
        AssertRefused(certificate, AgencyCertificateProblem.Expired);
        _time.SetUtcNow(notAfter.AddSeconds(1));
        AssertRefused(certificate, AgencyCertificateProblem.Expired);
    }

    [Fact]
    public void Validate_CaBitSet_IsCertificateAuthority()
    {
        AssertRefused(_national.IssueAgency("border-police", new NationalCertificateOptions { IsCertificateAuthority = true }), AgencyCertificateProblem.CertificateAuthority);
    }

    [Fact]
    public void Validate_TheNationalCaItself_IsNotIssuedByTheNationalCa()
    {
        using var root = X509CertificateLoader.LoadCertificate(_national.RootCertificateDer);

        var check = _trust.Validate(root);

        Assert.Equal(AgencyCertificateProblem.NotIssuedByNationalCa, check.Problem);
        Assert.Null(check.Agency);
    }

    [Theory]
    [InlineData(X509KeyUsageFlags.KeyAgreement)]
    [InlineData(X509KeyUsageFlags.KeyEncipherment)]
    [InlineData(X509KeyUsageFlags.NonRepudiation)]
    public void Validate_KeyUsageWithoutDigitalSignature_IsWrongKeyUsage(X509KeyUsageFlags usage)
    {
        AssertRefused(_national.IssueAgency("border-police", new NationalCertificateOptions { KeyUsage = usage }), AgencyCertificateProblem.WrongKeyUsage);
    }

    [Theory]
    [InlineData(CertificateOptions.ServerAuth)]
    [InlineData("1.3.6.1.5.5.7.3.4")] // emailProtection
    [InlineData("2.5.29.37.0")] // anyExtendedKeyUsage: the profile asks for clientAuth itself
    [InlineData(null)] // no EKU extension at all
    public void Validate_ExtendedKeyUsageWithoutClientAuth_IsWrongExtendedKeyUsage(string? eku)
    {
        var options = new NationalCertificateOptions { ExtendedKeyUsages = eku is null ? [] : [eku] };

        AssertRefused(_national.IssueAgency("border-police", options), AgencyCertificateProblem.WrongExtendedKeyUsage);
    }

    [Fact]
    public void Validate_NoUriSubjectAlternativeName_IsMissingIdentity()
    {
        AssertRefused(_national.IssueAgency("border-police", new NationalCertificateOptions { Identities = [] }), AgencyCertificateProblem.MissingIdentity);
    }

    [Fact]
    public void Validate_TwoUriSubjectAlternativeNames_IsSeveralIdentities()
    {
        var options = new NationalCertificateOptions { Identities = [Identity, "urn:hst:agency:FR:customs"] };

        AssertRefused(_national.IssueAgency("border-police", options), AgencyCertificateProblem.SeveralIdentities);
    }

    [Fact]
    public void Validate_TheSameUriSubjectAlternativeNameTwice_IsSeveralIdentities()
    {
        AssertRefused(_national.IssueAgency("border-police", new NationalCertificateOptions { Identities = [Identity, Identity] }), AgencyCertificateProblem.SeveralIdentities);
    }

    [Theory]
    [InlineData("urn:hst:member:FR")] // a federation party, not an agency
    [InlineData("urn:hst:agency:FR:Border-Police")] // upper case
    [InlineData("urn:hst:agency:FR:border police")]
    [InlineData("urn:hst:agency:FR:-border")]
    [InlineData("urn:hst:agency:fr:border-police")] // lower-case country code
    [InlineData("urn:hst:agency:XX:border-police")] // not an assigned country code
    [InlineData("urn:hst:agency:FR:")]
    [InlineData("URN:HST:AGENCY:FR:border-police")]
    [InlineData(" urn:hst:agency:FR:border-police")]
    [InlineData("urn:hst:agency:FR:border-police ")]
    [InlineData("https://border-police.fr.example/")]
    public void Validate_UriThatIsNotAnAgencyUri_IsInvalidIdentity(string uri)
    {
        AssertRefused(_national.IssueAgency("border-police", new NationalCertificateOptions { Identities = [uri] }), AgencyCertificateProblem.InvalidIdentity);
    }

    [Fact]
    public void Validate_AgencyUriOfAnotherCountry_IsOtherCountry()
    {
        var certificate = _national.IssueAgency("border-police", new NationalCertificateOptions { Identities = ["urn:hst:agency:DE:x"] });

        var check = AssertRefused(certificate, AgencyCertificateProblem.OtherCountry);

        Assert.Contains("urn:hst:agency:DE:x", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AgencyCertificateOfAnotherCountrysNationalCa_IsNotIssuedByTheNationalCa()
    {
        var germany = NationalAuthority.Create(Encoding.ASCII.GetBytes("agency trust tests"), "DE", Start);

        AssertRefused(germany.IssueAgency("x"), AgencyCertificateProblem.NotIssuedByNationalCa);
    }

    private AgencyCertificateCheck Validate(NationalCertificate issued)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(issued.CertificateDer);
        return _trust.Validate(certificate);
    }

    private AgencyCertificateCheck AssertRefused(NationalCertificate issued, AgencyCertificateProblem problem)
    {
        var check = Validate(issued);

        Assert.False(check.IsValid);
        Assert.Null(check.Agency);
        Assert.Equal(problem, check.Problem);
        Assert.False(string.IsNullOrWhiteSpace(check.Detail));
        return check;
    }
}
