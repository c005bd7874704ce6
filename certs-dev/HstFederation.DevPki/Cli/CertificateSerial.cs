using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HstFederation.Protocol.Pki;

namespace HstFederation.DevPki.Cli;

/// <summary>The serial number of a PEM certificate file, even if the certificate no longer validates.</summary>
internal static class CertificateSerial
{
    public static string Read(string path)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(path);
            return certificate.SerialNumber;
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            throw new CredentialException(path, "cannot read the certificate: " + e.Message, e);
        }
    }
}
