using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace HstFederation.Demo.Federation;

/// <summary>
/// The development PKI tool (<c>HstFederation.DevPki agency</c>), which issues an agency's client certificate from a
/// member's national CA. The national CA's directory is the one federation.json names for the node.
/// </summary>
internal sealed class DevPkiTool(string executable, TimeProvider time)
{
    /// <summary>A certificate closer to its end than this is issued again, so a demo never starts on one that lapses.</summary>
    private static readonly TimeSpan MinimumRemaining = TimeSpan.FromDays(1);

    public async Task<AgencyCredentials> AgencyAsync(NodeParty node, string name, CancellationToken cancellationToken)
    {
        // federation.json names <pki>/national/<CC>/root.crt.pem; the tool wants <pki> and writes
        // <pki>/national/<CC>/agencies/<name>/tls.crt.pem and tls.key.pem (certs-dev/README.md).
        var national = Path.GetDirectoryName(node.AgencyRootCertificate)!;
        var pki = Path.GetDirectoryName(Path.GetDirectoryName(national))!;
        var directory = Path.Combine(national, "agencies", name);
        var credentials = new AgencyCredentials(
            $"urn:hst:agency:{node.Member}:{name}", Path.Combine(directory, "tls.crt.pem"), Path.Combine(directory, "tls.key.pem"));
        if (StillValid(credentials.Certificate))
        {
            return credentials;
        }

        var start = new ProcessStartInfo(executable);
        foreach (var argument in new[] { "agency", "--out", pki, "--member", node.Member, "--name", name, "--force" })
        {
            start.ArgumentList.Add(argument);
        }

        var result = await ProcessRunner.RunAsync(start, input: null, time, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new PartyCallException($"the dev PKI tool could not issue {credentials.Identity}'s certificate (exit {result.ExitCode}): {result.Error.Trim()}");
        }

        return credentials;
    }

    private bool StillValid(string certificatePath)
    {
        if (!File.Exists(certificatePath))
        {
            return false;
        }

        using var certificate = X509CertificateLoader.LoadCertificateFromFile(certificatePath);
        var now = time.GetUtcNow();
        return certificate.NotBefore.ToUniversalTime() <= now && certificate.NotAfter.ToUniversalTime() - now > MinimumRemaining;
    }
}
