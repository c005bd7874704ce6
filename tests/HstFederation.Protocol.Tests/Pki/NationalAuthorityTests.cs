using System.Security.Cryptography.X509Certificates;
using System.Text;
using HstFederation.DevPki;
using HstFederation.DevPki.Cli;
using Microsoft.Extensions.Time.Testing;

namespace HstFederation.Protocol.Tests.Pki;

/// <summary>The development national CA: separate root, agency and server profiles, determinism, CLI.</summary>
public sealed class NationalAuthorityTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Seed = Encoding.ASCII.GetBytes("national");

    private readonly TempDirectory _dir = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose()
    {
        _dir.Dispose();
        _out.Dispose();
        _err.Dispose();
    }

    [Fact]
    public void SameSeedAndTimes_ByteIdenticalRootAndAgencyCertificates_AlsoFromTheLoadedCa()
    {
        var first = NationalAuthority.Create(Seed, "FR", Start);
        var second = NationalAuthority.Create(Seed, "FR", Start);
        first.WriteTo(_dir.Path);
        var loaded = NationalAuthority.Load(Path.Combine(_dir.Path, "root.crt.pem"), Path.Combine(_dir.Path, "root.key.pem"), "FR", Start);

        Assert.Equal(first.RootCertificateDer, second.RootCertificateDer);
        var agency = first.IssueAgency("border-police");
        Assert.Equal(agency.CertificateDer, second.IssueAgency("border-police").CertificateDer);
        Assert.Equal(agency.CertificateDer, loaded.IssueAgency("border-police").CertificateDer);
        Assert.NotEqual(first.RootCertificateDer, NationalAuthority.Create(Seed, "DE", Start).RootCertificateDer);
    }

    [Fact]
    public void AgencyCertificate_HasTheAgencyProfile_AndChainsOnlyToItsNationalCa()
    {
        var national = NationalAuthority.Create(Seed, "FR", Start);
        using var certificate = X509CertificateLoader.LoadCertificate(national.IssueAgency("border-police").CertificateDer);
        using var root = X509CertificateLoader.LoadCertificate(national.RootCertificateDer);

        Assert.Equal("CN=urn:hst:agency:FR:border-police", certificate.Subject);
        Assert.Equal(root.SubjectName.RawData, certificate.IssuerName.RawData);
        Assert.Contains("HST National CA FR", root.Subject, StringComparison.Ordinal);
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.True(Chains(certificate, root));
        using var otherRoot = X509CertificateLoader.LoadCertificate(NationalAuthority.Create([0xEE], "FR", Start).RootCertificateDer);
        Assert.False(Chains(certificate, otherRoot));
        Assert.Throws<ArgumentException>(() => national.IssueAgency("Border Police"));
    }

    [Fact]
    public void AgencyCertificate_WithOptions_CarriesExactlyTheRequestedDeviations_StillIssuedByTheNationalCa()
    {
        var national = NationalAuthority.Create(Seed, "FR", Start);
        using var root = X509CertificateLoader.LoadCertificate(national.RootCertificateDer);
        var options = new NationalCertificateOptions
        {
            IsCertificateAuthority = true,
            KeyUsage = X509KeyUsageFlags.NonRepudiation,
            ExtendedKeyUsages = [CertificateOptions.ServerAuth],
            Identities = ["urn:hst:agency:DE:x", "not an agency"],
        };

        using var certificate = X509CertificateLoader.LoadCertificate(national.IssueAgency("border-police", options).CertificateDer);
        using var bare = X509CertificateLoader.LoadCertificate(national.IssueAgency("border-police", new NationalCertificateOptions { ExtendedKeyUsages = [], Identities = [] }).CertificateDer);

        Assert.Equal("CN=urn:hst:agency:FR:border-police", certificate.Subject);
        Assert.Equal(root.SubjectName.RawData, certificate.IssuerName.RawData);
        Assert.True(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(X509KeyUsageFlags.NonRepudiation, certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Equal([CertificateOptions.ServerAuth], certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        var uris = new System.Formats.Asn1.AsnReader(certificate.Extensions["2.5.29.17"]!.RawData, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        Assert.Equal("urn:hst:agency:DE:x", uris.ReadCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 6)));
        Assert.Equal("not an agency", uris.ReadCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 6)));
        Assert.False(uris.HasData);
        Assert.Empty(bare.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Null(bare.Extensions["2.5.29.17"]);
        Assert.True(Chains(bare, root));
    }

    [Fact]
    public void Cli_NationalCaThenAgency_WritesTheDocumentedLayout()
    {
        var time = new FakeTimeProvider(Start);

        Assert.Equal(0, DevPkiCli.Run(["national-ca", "--out", _dir.Path, "--member", "FR", "--seed", "00ff", "--dns", "node.fr.example"], _out, _err, time));
        Assert.Equal(0, DevPkiCli.Run(["agency", "--out", _dir.Path, "--member", "FR", "--name", "border-police"], _out, _err, time));
        Assert.Equal(2, DevPkiCli.Run(["agency", "--out", _dir.Path, "--member", "FR", "--name", "border-police"], _out, _err, time));
        Assert.Equal(2, DevPkiCli.Run(["agency", "--out", _dir.Path, "--member", "DE", "--name", "x"], _out, _err, time));

        using var root = X509Certificate2.CreateFromPem(File.ReadAllText(NationalLayout.RootCertificate(_dir.Path, "FR")));
        using var agency = X509Certificate2.CreateFromPemFile(
            NationalLayout.AgencyCertificate(_dir.Path, "FR", "border-police"), NationalLayout.AgencyPrivateKey(_dir.Path, "FR", "border-police"));
        using var server = X509Certificate2.CreateFromPemFile(NationalLayout.ServerCertificate(_dir.Path, "FR"), NationalLayout.ServerPrivateKey(_dir.Path, "FR"));
        Assert.True(agency.HasPrivateKey);
        Assert.True(Chains(agency, root));
        Assert.True(Chains(server, root));
        Assert.Contains("node.fr.example", server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
    }

    private static bool Chains(X509Certificate2 certificate, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Start.AddDays(1).UtcDateTime;
        return chain.Build(certificate);
    }
}
