using System.Security.Cryptography;
using HstFederation.DevPki;
using HstFederation.Hub.Hosting;
using HstFederation.Protocol.Pki;

namespace HstFederation.Hub.Commands;

/// <summary>
/// DEVELOPMENT PKI ONLY (certs-dev): adds serials to the federation CRL at Hub:RevocationListPath, signed with
/// the development root key, as certs-dev's `revoke` does. A production CRL is issued by the CA operator.
/// </summary>
internal static class DevelopmentCrl
{
    public static IssuedCrl Revoke(HubOptions options, string rootKeyPath, IReadOnlyCollection<string> serials, TimeProvider time, TimeSpan validity)
    {
        var crlPath = options.RevocationListPath;
        var trust = FederationTrust.Load(options.RootCertificatePath, File.Exists(crlPath) ? crlPath : null, time);
        var now = time.GetUtcNow();
        DevelopmentPki pki;
        try
        {
            var rootPem = File.ReadAllText(options.RootCertificatePath);
            pki = DevelopmentPki.Open(rootPem, File.ReadAllText(rootKeyPath), trust.RevocationList, now);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CommandFailedException($"--root-key: {rootKeyPath}: file not found.", e);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            throw new CommandFailedException($"--root-key: {rootKeyPath}: not the private key of {options.RootCertificatePath}: {e.Message}", e);
        }

        foreach (var serial in serials)
        {
            pki.Revoke(serial, now);
        }

        var crl = pki.IssueCrl(now, now + validity);

        // Replace the file in one step: a running hub re-reads it when it changes.
        var temporary = crlPath + ".tmp";
        File.WriteAllText(temporary, crl.Pem + "\n");
        File.Move(temporary, crlPath, overwrite: true);
        return crl;
    }
}
