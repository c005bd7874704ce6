using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HstFederation.Hub.Commands;

/// <summary>Reads a certificate file (PEM or DER) as DER; failures name the file.</summary>
internal static class CertificateFiles
{
    public static byte[] ReadDer(string path)
    {
        // The X.509 loader reports a missing file as a CryptographicException ("BIO routines::no such file").
        if (!File.Exists(path))
        {
            throw new CommandFailedException(System.IO.Directory.Exists(path) ? $"{path}: a directory, not a certificate file." : $"{path}: file not found.");
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(path);
            return certificate.RawData;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CommandFailedException($"{path}: file not found.", e);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"{path}: not a readable certificate: {e.Message}", e);
        }
    }

    /// <summary>The certificate's serial number (upper-case hex), without judging the certificate.</summary>
    public static string Serial(byte[] der)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        return certificate.SerialNumber;
    }
}
