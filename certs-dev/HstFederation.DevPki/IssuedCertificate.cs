using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.DevPki;

/// <summary>One issued certificate with its private key, in memory.</summary>
public sealed class IssuedCertificate
{
    internal IssuedCertificate(PartyId party, CertificatePurpose purpose, byte[] certificateDer, byte[] privateKeyPkcs8, byte[]? rawPrivateKey, string serialNumber)
    {
        Party = party;
        Purpose = purpose;
        CertificateDer = certificateDer;
        PrivateKeyPkcs8 = privateKeyPkcs8;
        RawPrivateKey = rawPrivateKey;
        SerialNumber = serialNumber;
    }

    /// <summary>The party it was issued for (a bad certificate may name another identity).</summary>
    public PartyId Party { get; }

    public CertificatePurpose Purpose { get; }

    public byte[] CertificateDer { get; }

    public byte[] PrivateKeyPkcs8 { get; }

    /// <summary>The 32-byte Ed25519 seed / X25519 scalar; null for TLS (P-256) keys.</summary>
    public byte[]? RawPrivateKey { get; }

    /// <summary>Upper-case hex, as <see cref="CertifiedKey.SerialNumber"/>.</summary>
    public string SerialNumber { get; }

    public string CertificatePem => PemEncoding.WriteString("CERTIFICATE", CertificateDer);

    public string PrivateKeyPem => PemEncoding.WriteString("PRIVATE KEY", PrivateKeyPkcs8);

    /// <summary>Validates the certificate for its purpose now (trust.Time).</summary>
    public CertificateCheck Validate(FederationTrust trust) =>
        trust.Validate(CertificateDer, Purpose, trust.Time.GetUtcNow());

    /// <summary>A TLS certificate with its private key, for Kestrel or an SslStream client.</summary>
    public X509Certificate2 ToX509Certificate2()
    {
        if (Purpose != CertificatePurpose.Tls)
        {
            throw new InvalidOperationException("Only TLS certificates are used as X509Certificate2.");
        }

        return X509Certificate2.CreateFromPem(CertificatePem, PrivateKeyPem);
    }
}
