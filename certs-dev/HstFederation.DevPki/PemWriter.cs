namespace HstFederation.DevPki;

/// <summary>Writes PEM files; private keys (and the matching key file) are readable by the owner only on Unix.</summary>
internal static class PemWriter
{
    public static void WriteCertificate(string path, IssuedCertificate certificate) => File.WriteAllText(path, certificate.CertificatePem + "\n");

    /// <summary>
    /// Created owner-only, or made so before the key is written into an existing file: written first and restricted after,
    /// the key was readable by every local user until the chmod.
    /// </summary>
    public static void WritePrivateKey(string path, string pem)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using var writer = new StreamWriter(stream);
        writer.Write(pem + "\n");
    }
}
