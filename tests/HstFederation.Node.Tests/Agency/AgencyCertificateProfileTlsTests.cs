using System.Security.Cryptography.X509Certificates;
using HstFederation.DevPki;
using HstFederation.Node.Agency;
using HstFederation.Node.Tests.HubLink;

namespace HstFederation.Node.Tests.Agency;

/// <summary>
/// Certificates FR's own national CA issued, for a registered agency, but outside the agency profile: each
/// is refused at the agency listener's TLS handshake (the production <see cref="AgencyTls"/> on real
/// Kestrel; no handler runs, nothing is audited) and logged with its own <see cref="AgencyCertificateProblem"/>.
/// One node for the class: every test here is refused before any state is written.
/// </summary>
public sealed class AgencyCertificateProfileTlsTests(AgencyNodeFixture fixture) : IClassFixture<AgencyNodeFixture>
{
    private const string Identity = "urn:hst:agency:FR:border-police";

    private AgencyNode Node => fixture.Node;

    public static TheoryData<string, string> Deviations => new()
    {
        { "not-yet-valid", nameof(AgencyCertificateProblem.NotYetValid) },
        { "ca-bit", nameof(AgencyCertificateProblem.CertificateAuthority) },
        { "non-repudiation-only", nameof(AgencyCertificateProblem.WrongKeyUsage) },
        { "server-auth-only", nameof(AgencyCertificateProblem.WrongExtendedKeyUsage) },
        { "no-uri-san", nameof(AgencyCertificateProblem.MissingIdentity) },
        { "two-uri-sans", nameof(AgencyCertificateProblem.SeveralIdentities) },
        { "invalid-agency-uri", nameof(AgencyCertificateProblem.InvalidIdentity) },
        { "other-country", nameof(AgencyCertificateProblem.OtherCountry) },
    };

    [Theory]
    [MemberData(nameof(Deviations))]
    public async Task Call_WithACertificateOutsideTheAgencyProfile_IsRefusedAtTheHandshakeAndLoggedWithItsOwnProblem(string deviation, string problem)
    {
        using var certificate = Node.National.IssueAgency("border-police", Options(deviation)).ToX509Certificate2();
        using var http = Node.Http(certificate);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v1/outbox"));

        await Eventually.TrueAsync(
            () => Task.FromResult(Node.Log.Messages.Any(m => m.StartsWith($"Agency TLS client certificate refused: {problem} (", StringComparison.Ordinal))),
            $"the node logs the refusal of the {deviation} certificate as {problem}");
        Assert.Equal(0, AgencyAuditCount());
    }

    private static NationalCertificateOptions Options(string deviation)
    {
        var now = DateTimeOffset.UtcNow;
        return deviation switch
        {
            "not-yet-valid" => new() { NotBefore = now.AddDays(1), NotAfter = now.AddDays(30) },
            "ca-bit" => new() { IsCertificateAuthority = true },
            "non-repudiation-only" => new() { KeyUsage = X509KeyUsageFlags.NonRepudiation },
            "server-auth-only" => new() { ExtendedKeyUsages = [CertificateOptions.ServerAuth] },
            "no-uri-san" => new() { Identities = [] },
            "two-uri-sans" => new() { Identities = [Identity, "urn:hst:agency:FR:customs"] },
            "invalid-agency-uri" => new() { Identities = ["urn:hst:agency:FR:Border Police"] },
            "other-country" => new() { Identities = ["urn:hst:agency:DE:x"] },
            _ => throw new ArgumentOutOfRangeException(nameof(deviation), deviation, null),
        };
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
