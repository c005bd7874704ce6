using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HstFederation.DevPki.Crypto;

namespace HstFederation.DevPki;

/// <summary>The root CA: its P-256 key, its self-signed certificate, and a deterministic signer.</summary>
internal sealed class RootAuthority
{
    public const string DefaultName = "CN=HST Federation Root CA (development), O=HST Federation";

    private RootAuthority(P256Key key, byte[] certificateDer)
    {
        Key = key;
        CertificateDer = certificateDer;
        Signer = new DeterministicEcdsaSignatureGenerator(key);
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        Name = certificate.SubjectName;
        var ski = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        AuthorityKeyIdentifier = X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski);
    }

    public P256Key Key { get; }

    public byte[] CertificateDer { get; }

    public X500DistinguishedName Name { get; }

    public X509SignatureGenerator Signer { get; }

    public X509AuthorityKeyIdentifierExtension AuthorityKeyIdentifier { get; }

    public static RootAuthority Create(P256Key key, string subject, byte[] serialNumber, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var name = new X500DistinguishedName(subject);
        var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
        var request = new CertificateRequest(name, publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        using var certificate = request.Create(name, new DeterministicEcdsaSignatureGenerator(key), notBefore, notAfter, serialNumber);
        return new RootAuthority(key, certificate.RawData);
    }

    public static RootAuthority Load(byte[] certificateDer, P256Key key)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        var spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        if (!spki.AsSpan().SequenceEqual(key.SubjectPublicKeyInfo))
        {
            throw new CryptographicException("The root private key does not match the root certificate.");
        }

        return new RootAuthority(key, certificateDer);
    }
}
