namespace HstFederation.DevPki;

/// <summary>Writes PEM files; private keys (and the matching key file) are readable by the owner only on Unix.</summary>
internal static class PemWriter
{
    public static void WriteCertificate(string path, IssuedCertificate certificate) => File.WriteAllText(path, certificate.CertificatePem + "\n");

    public static void WritePrivateKey(string path, string pem)
    {
        File.WriteAllText(path, pem + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
