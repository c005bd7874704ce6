using System.Collections.Frozen;
using System.Numerics;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace HstFederation.Protocol.Pki;

/// <summary>
/// A CRL of the federation root whose signature has been verified. Serial numbers are upper-case hex of
/// the DER INTEGER content (as <see cref="CertifiedKey.SerialNumber"/> and X509Certificate2.SerialNumber).
/// </summary>
public sealed class RevocationList
{
    private readonly FrozenDictionary<string, DateTimeOffset> _revoked;

    private RevocationList(byte[] der, byte[] rootHash, BigInteger number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, FrozenDictionary<string, DateTimeOffset> revoked)
    {
        Der = der;
        RootCertificateHash = rootHash;
        Number = number;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        _revoked = revoked;
    }

    public ReadOnlyMemory<byte> Der { get; }

    /// <summary>The cRLNumber extension (0 when absent).</summary>
    public BigInteger Number { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset NextUpdate { get; }

    public int Count => _revoked.Count;

    /// <summary>Every revoked serial (hex) with its revocation date.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Entries => _revoked;

    internal byte[] RootCertificateHash { get; }

    /// <summary>Parses a CRL (PEM or DER) and verifies that the federation root signed it.</summary>
    /// <exception cref="FormatException">Not a CRL, or it has no nextUpdate.</exception>
    /// <exception cref="CryptographicException">Not issued or not signed by the given root.</exception>
    public static RevocationList Parse(ReadOnlySpan<byte> pemOrDer, ReadOnlySpan<byte> rootCertificateDer)
    {
        var der = Pem.DerOrPem(pemOrDer, Pem.CrlLabel) ?? throw new FormatException("No PEM block 'X509 CRL' and not DER.");
        X509Crl crl;
        try
        {
            crl = new X509CrlParser().ReadCrl(der) ?? throw new FormatException("Empty CRL data.");
        }
        catch (Exception e) when (e is not FormatException)
        {
            throw new FormatException("The CRL cannot be parsed: " + e.Message, e);
        }

        var root = new X509CertificateParser().ReadCertificate(rootCertificateDer.ToArray())
            ?? throw new ArgumentException("The root certificate cannot be parsed.", nameof(rootCertificateDer));
        if (!crl.IssuerDN.Equivalent(root.SubjectDN))
        {
            throw new CryptographicException($"The CRL issuer '{crl.IssuerDN}' is not the federation root '{root.SubjectDN}'.");
        }

        try
        {
            crl.Verify(root.GetPublicKey());
        }
        catch (Exception e)
        {
            throw new CryptographicException("The CRL signature does not verify with the federation root key.", e);
        }

        if (crl.NextUpdate is not { } nextUpdate)
        {
            throw new FormatException("The CRL has no nextUpdate; it could never be judged stale.");
        }

        var revoked = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var entry in crl.GetRevokedCertificates() ?? new HashSet<X509CrlEntry>())
        {
            revoked[SerialNumbers.ToHex(entry.SerialNumber)] = Utc(entry.RevocationDate);
        }

        return new RevocationList(
            der,
            SHA256.HashData(rootCertificateDer),
            ReadNumber(crl),
            Utc(crl.ThisUpdate),
            Utc(nextUpdate),
            revoked.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>True when <paramref name="serialNumber"/> (hex) is listed; <paramref name="revokedAt"/> is its revocation date.</summary>
    public bool TryGetRevocation(string serialNumber, out DateTimeOffset revokedAt) =>
        _revoked.TryGetValue(serialNumber.ToUpperInvariant(), out revokedAt);

    private static BigInteger ReadNumber(X509Crl crl)
    {
        var value = crl.GetExtensionValue(X509Extensions.CrlNumber);
        if (value is null)
        {
            return BigInteger.Zero;
        }

        var number = DerInteger.GetInstance(X509ExtensionUtilities.FromExtensionValue(value)).Value;
        return new BigInteger(number.ToByteArray(), isUnsigned: false, isBigEndian: true);
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
