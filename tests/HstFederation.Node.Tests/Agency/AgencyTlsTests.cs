using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using HstFederation.DevPki;
using HstFederation.Node.Tests.HubLink;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// The agency listener accepts only certificates its national CA issued: the federation root's, a
/// self-signed one, another CA copying the national CA's name, and an expired one are refused at the TLS
/// handshake (no handler runs, nothing is audited), each with its reason in the node's log.
/// </summary>
public sealed class AgencyTlsTests : AgencyTestBase
{
    private const string Identity = "urn:hst:agency:FR:border-police";

    [Fact]
    public async Task ValidAgencyCertificate_IsAccepted()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var http = Node.Http(agency.Certificate);

        using var response = await http.GetAsync("/v1/outbox");

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FederationRootCertificate_IsRefusedAtTheHandshake()
    {
        await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var member = Hub.TlsCertificate("FR");
        using var copied = Hub.Federation.Pki.IssueTls(PartyId.Member("FR"), new CertificateOptions { Identities = [Identity], SubjectCommonName = Identity }).ToX509Certificate2();

        await AssertRefusedAsync(member, "NotIssuedByNationalCa");
        await AssertRefusedAsync(copied, "NotIssuedByNationalCa");
    }

    [Fact]
    public async Task SelfSignedCertificate_IsRefusedAtTheHandshake()
    {
        await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + Identity, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(Identity));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        await AssertRefusedAsync(selfSigned, "NotIssuedByNationalCa");
    }

    [Fact]
    public async Task AnotherCaWithTheNationalCasName_IsRefusedAtTheHandshake()
    {
        await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var impostor = NationalAuthority.Create(Encoding.ASCII.GetBytes("impostor"), "FR", DateTimeOffset.UtcNow.AddMinutes(-5));
        using var forged = impostor.IssueAgency("border-police").ToX509Certificate2();

        await AssertRefusedAsync(forged, "NotIssuedByNationalCa");
    }

    [Fact]
    public async Task ExpiredCertificate_IsRefusedAtTheHandshake()
    {
        await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
        var now = DateTimeOffset.UtcNow;
        using var expired = Node.National.IssueAgency("border-police", new NationalCertificateOptions { NotBefore = now.AddDays(-30), NotAfter = now.AddDays(-1) })
            .ToX509Certificate2();

        await AssertRefusedAsync(expired, "Expired");
    }

    [Fact]
    public async Task Tls12_IsRefusedEvenWithAValidCertificate()
    {
        var agency = await Node.RegisterAsync("border-police", Scopes.SubmitAndReadAll);
#pragma warning disable SYSLIB0039 // TLS 1.2 on purpose: the listener must refuse it
        using var http = Node.Http(agency.Certificate, System.Security.Authentication.SslProtocols.Tls12);
#pragma warning restore SYSLIB0039

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v1/outbox"));

        Assert.Equal(0, AgencyAuditCount());
    }

    [Fact]
    public async Task NoClientCertificate_IsRefusedAtTheHandshake()
    {
        using var http = Node.Http(null);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v1/outbox"));

        Assert.Equal(0, AgencyAuditCount());
        // Refused by the listener's RequireCertificate, not by a later layer: a listener that let the handshake finish
        // without a certificate would hand the connection to the connection gate, which closes it with this line.
        Assert.DoesNotContain(Node.Log.Messages, m => m.StartsWith("Connection closed right after TLS", StringComparison.Ordinal));
    }

    private async Task AssertRefusedAsync(X509Certificate2 certificate, string problem)
    {
        using var http = Node.Http(certificate);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v1/outbox"));

        await Eventually.TrueAsync(
            () => Task.FromResult(Node.Log.Messages.Any(m => m.StartsWith($"Agency TLS client certificate refused: {problem} ", StringComparison.Ordinal))),
            $"the node logs the refusal as {problem}");
        Assert.Equal(0, AgencyAuditCount());
    }

    /// <summary>Audit entries other than the operator's registration: none means no agency handler ran.</summary>
    private long AgencyAuditCount()
    {
        using var connection = Node.Store.Database.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM audit WHERE actor LIKE 'agency:%' OR actor LIKE 'urn:hst:agency:%';";
        return (long)command.ExecuteScalar()!;
    }
}
