using System.Text;
using HstFederation.DevPki;
using HstFederation.Node.Tests.HubLink;

namespace HstFederation.Node.Tests.Hosting;

/// <summary>
/// FR's settings for `serve` against a test hub (as AgencyNode's): the database in the given directory, the
/// federation's credentials, CRL and hub, and the agency listener on a free port with a national CA of its own, written
/// under <c>directory/national</c>.
/// </summary>
internal static class FrServeSettings
{
    /// <param name="label">Seeds the national CA's keys (one per test class).</param>
    /// <param name="extra">`--Node:*` settings after these, so they win.</param>
    public static string[] Create(TestHub hub, string directory, string label, params string[] extra)
    {
        var national = NationalAuthority.Create(Encoding.ASCII.GetBytes(label), "FR", DateTimeOffset.UtcNow.AddMinutes(-5));
        var nationalDirectory = Path.Combine(directory, "national");
        national.WriteTo(nationalDirectory);
        national.IssueServer().WriteTo(Path.Combine(nationalDirectory, "server.crt.pem"), Path.Combine(nationalDirectory, "server.key.pem"));
        var federation = hub.DirectoryPath;
        return
        [
            $"--Node:DatabasePath={Path.Combine(directory, "node.db")}",
            $"--Node:CredentialsDirectory={FederationLayout.MemberDirectory(federation, "FR")}",
            $"--Node:RootCertificatePath={FederationLayout.RootCertificate(federation)}",
            $"--Node:RevocationListPath={FederationLayout.RevocationList(federation)}",
            $"--Node:HubAddress={hub.Address}",
            "--Node:AgencyPort=0",
            $"--Node:AgencyRootCertificatePath={Path.Combine(nationalDirectory, "root.crt.pem")}",
            $"--Node:AgencyCertificatePath={Path.Combine(nationalDirectory, "server.crt.pem")}",
            $"--Node:AgencyPrivateKeyPath={Path.Combine(nationalDirectory, "server.key.pem")}",
            "--Logging:LogLevel:Default=Warning",
            .. extra,
        ];
    }
}
