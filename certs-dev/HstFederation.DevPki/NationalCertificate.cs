using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HstFederation.DevPki;

/// <summary>A certificate issued by a <see cref="NationalAuthority"/> with its P-256 private key, in memory.</summary>
public sealed class NationalCertificate
{
    internal NationalCertificate(string identity, byte[] certificateDer, byte[] privateKeyPkcs8, string serialNumber)
    {
        Identity = identity;
        CertificateDer = certificateDer;
        PrivateKeyPkcs8 = privateKeyPkcs8;
        SerialNumber = serialNumber;
    }

    /// <summary>The agency URI (urn:hst:agency:CC:name) or, for the node's server certificate, its first DNS name.</summary>
    public string Identity { get; }

    public byte[] CertificateDer { get; }

    public byte[] PrivateKeyPkcs8 { get; }

    /// <summary>Upper-case hex.</summary>
    public string SerialNumber { get; }

    public string CertificatePem => PemEncoding.WriteString("CERTIFICATE", CertificateDer);

    public string PrivateKeyPem => PemEncoding.WriteString("PRIVATE KEY", PrivateKeyPkcs8);

    /// <summary>The certificate with its private key, for Kestrel or an HttpClient.</summary>
    public X509Certificate2 ToX509Certificate2() => X509Certificate2.CreateFromPem(CertificatePem, PrivateKeyPem);

    /// <summary>Writes the certificate and (owner-readable only) key PEM files, creating the directory.</summary>
    public void WriteTo(string certificatePath, string privateKeyPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(certificatePath))!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(privateKeyPath))!);
        File.WriteAllText(certificatePath, CertificatePem + "\n");
        PemWriter.WritePrivateKey(privateKeyPath, PrivateKeyPem);
    }
}
