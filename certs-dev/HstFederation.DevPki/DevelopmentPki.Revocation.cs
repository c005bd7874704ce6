using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HstFederation.DevPki.Crypto;
using HstFederation.Protocol.Pki;

namespace HstFederation.DevPki;

/// <summary>Revocation and CRLs, and reopening a root from its files.</summary>
public sealed partial class DevelopmentPki
{
    /// <summary>Serials (hex) revoked so far, with their revocation dates.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Revoked
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, DateTimeOffset>(_revoked, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Reopens a root from its certificate and key (for the CLI's revoke); new certificates get a random seed.</summary>
    public static DevelopmentPki Open(string rootCertificatePem, string rootPrivateKeyPem, RevocationList? currentCrl, DateTimeOffset issuedAt, TimeSpan? certificateValidity = null)
    {
        using var certificate = X509Certificate2.CreateFromPem(rootCertificatePem);
        var der = certificate.RawData;
        var root = RootAuthority.Load(der, P256Key.FromPkcs8Pem(rootPrivateKeyPem));
        var pki = new DevelopmentPki(RandomNumberGenerator.GetBytes(32), root, issuedAt, certificateValidity ?? DefaultCertificateValidity);
        if (currentCrl is not null)
        {
            pki._crlNumber = currentCrl.Number;
            foreach (var (serial, revokedAt) in currentCrl.Entries)
            {
                pki._revoked[serial] = revokedAt;
            }
        }

        return pki;
    }

    /// <summary>Adds <paramref name="serialNumber"/> (hex) to the next CRL, revoked at <paramref name="revokedAt"/>.</summary>
    public void Revoke(string serialNumber, DateTimeOffset revokedAt)
    {
        var hex = Convert.ToHexString(Convert.FromHexString(serialNumber));
        lock (_lock)
        {
            _revoked[hex] = Whole(revokedAt);
        }
    }

    public void Revoke(IssuedCertificate certificate, DateTimeOffset revokedAt) => Revoke(certificate.SerialNumber, revokedAt);

    public void Revoke(IssuedParty party, DateTimeOffset revokedAt)
    {
        foreach (var certificate in party.All)
        {
            Revoke(certificate, revokedAt);
        }
    }

    /// <summary>Signs a CRL with the next CRL number listing every revoked serial (sorted, so order of calls does not matter).</summary>
    public IssuedCrl IssueCrl(DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        lock (_lock)
        {
            var builder = new CertificateRevocationListBuilder();
            foreach (var (serial, revokedAt) in _revoked)
            {
                builder.AddEntry(Convert.FromHexString(serial), revokedAt);
            }

            _crlNumber += BigInteger.One;
            var (from, until) = (Whole(thisUpdate), Whole(nextUpdate));
            var der = builder.Build(_root.Name, _root.Signer, _crlNumber, until, HashAlgorithmName.SHA256, _root.AuthorityKeyIdentifier, from);
            return new IssuedCrl(der, _crlNumber, from, until, _root.CertificateDer);
        }
    }
}
