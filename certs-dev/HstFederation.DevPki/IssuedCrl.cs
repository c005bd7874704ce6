using System.Numerics;
using System.Security.Cryptography;
using HstFederation.Protocol.Pki;

namespace HstFederation.DevPki;

/// <summary>A CRL signed by a development root.</summary>
public sealed class IssuedCrl
{
    private readonly byte[] _rootCertificateDer;

    internal IssuedCrl(byte[] der, BigInteger number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, byte[] rootCertificateDer)
    {
        Der = der;
        Number = number;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        _rootCertificateDer = rootCertificateDer;
    }

    public byte[] Der { get; }

    public BigInteger Number { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset NextUpdate { get; }

    public string Pem => PemEncoding.WriteString("X509 CRL", Der);

    /// <summary>The verified form FederationTrust uses.</summary>
    public RevocationList ToRevocationList() => RevocationList.Parse(Der, _rootCertificateDer);
}
