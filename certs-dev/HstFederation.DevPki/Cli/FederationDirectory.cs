using HstFederation.Protocol.Pki;

namespace HstFederation.DevPki.Cli;

/// <summary>Reopens the root of an existing federation directory and rewrites its CRL.</summary>
internal static class FederationDirectory
{
    public static (DevelopmentPki Pki, FederationTrust Trust) Open(string directory, TimeProvider time, TimeSpan? certificateValidity = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"'{directory}' does not exist; create it with 'create'.");
        }

        var rootPath = FederationLayout.RootCertificate(directory);
        var keyPath = FederationLayout.RootPrivateKey(directory);
        var crlPath = FederationLayout.RevocationList(directory);
        var trust = FederationTrust.Load(rootPath, File.Exists(crlPath) ? crlPath : null, time);
        if (!File.Exists(keyPath))
        {
            throw new CredentialException(keyPath, "file not found (the root private key is needed to sign the CRL)");
        }

        var pki = DevelopmentPki.Open(File.ReadAllText(rootPath), File.ReadAllText(keyPath), trust.RevocationList, time.GetUtcNow(), certificateValidity);
        return (pki, trust);
    }

    public static IssuedCrl WriteCrl(string directory, DevelopmentPki pki, TimeProvider time, int crlDays)
    {
        var now = time.GetUtcNow();
        var crl = pki.IssueCrl(now, now + TimeSpan.FromDays(crlDays));
        File.WriteAllText(FederationLayout.RevocationList(directory), crl.Pem + "\n");
        return crl;
    }
}
