using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HstFederation.DevPki.Crypto;
using HstFederation.Protocol.Identities;

namespace HstFederation.DevPki;

/// <summary>
/// A member's national CA for development and tests: a root separate from the federation root, trusted only
/// by that member's node for its agency API. It issues agency client certificates (one URI SAN
/// urn:hst:agency:CC:name, EKU clientAuth) and the node's agency-facing server certificate (DNS/IP SANs,
/// EKU serverAuth). Deterministic: the root key derives from a seed and the country code; every issued key
/// derives from the root key, the certificate's name and a generation counter (so a CA loaded from its
/// files issues byte-identical certificates for the same names and times). NEVER for production.
/// </summary>
public sealed class NationalAuthority
{
    private readonly RootAuthority _root;
    private readonly byte[] _keySeed;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _generations = new(StringComparer.Ordinal);

    private NationalAuthority(string countryCode, RootAuthority root, DateTimeOffset issuedAt, TimeSpan validity)
    {
        CountryCode = countryCode;
        _root = root;
        _keySeed = root.Key.Pkcs8;
        IssuedAt = Whole(issuedAt);
        CertificateValidity = validity;
    }

    public string CountryCode { get; }

    /// <summary>Default notBefore of the certificates it issues.</summary>
    public DateTimeOffset IssuedAt { get; }

    public TimeSpan CertificateValidity { get; }

    public byte[] RootCertificateDer => _root.CertificateDer;

    public string RootCertificatePem => PemEncoding.WriteString("CERTIFICATE", _root.CertificateDer);

    public string RootPrivateKeyPem => PemEncoding.WriteString("PRIVATE KEY", _root.Key.Pkcs8);

    /// <summary>The CA's distinguished name, e.g. <c>CN=HST National CA FR (development), O=NCB FR</c>.</summary>
    public static string RootName(string countryCode) => $"CN=HST National CA {countryCode} (development), O=NCB {countryCode}";

    /// <summary>A new national CA for <paramref name="countryCode"/> from <paramref name="seed"/>, valid ten years from <paramref name="issuedAt"/>.</summary>
    public static NationalAuthority Create(ReadOnlySpan<byte> seed, string countryCode, DateTimeOffset issuedAt, TimeSpan? certificateValidity = null)
    {
        if (seed.IsEmpty)
        {
            throw new ArgumentException("The seed must not be empty.", nameof(seed));
        }

        _ = PartyId.Member(countryCode);
        var validity = certificateValidity ?? DevelopmentPki.DefaultCertificateValidity;
        var key = P256Key.FromSeedBytes(KeyDerivation.Derive(seed, $"national/{countryCode}/root/key"));
        var notBefore = Whole(issuedAt);
        var root = RootAuthority.Create(
            key, RootName(countryCode), KeyDerivation.SerialNumber(seed, $"national/{countryCode}/root"), notBefore, notBefore + DevelopmentPki.RootValidity);
        return new NationalAuthority(countryCode, root, issuedAt, validity);
    }

    /// <summary>Loads a national CA written by <see cref="WriteTo"/>; it issues from <paramref name="issuedAt"/> on.</summary>
    public static NationalAuthority Load(string rootCertificatePemPath, string rootKeyPemPath, string countryCode, DateTimeOffset issuedAt, TimeSpan? certificateValidity = null)
    {
        _ = PartyId.Member(countryCode);
        var certificate = PemEncoding.Find(File.ReadAllText(rootCertificatePemPath));
        var der = Convert.FromBase64String(File.ReadAllText(rootCertificatePemPath)[certificate.Base64Data]);
        var key = P256Key.FromPkcs8Pem(File.ReadAllText(rootKeyPemPath));
        var root = RootAuthority.Load(der, key);
        if (!root.Name.RawData.AsSpan().SequenceEqual(new X500DistinguishedName(RootName(countryCode)).RawData))
        {
            throw new CryptographicException($"{rootCertificatePemPath} is not the national CA of {countryCode} ({root.Name.Name}).");
        }

        return new NationalAuthority(countryCode, root, issuedAt, certificateValidity ?? DevelopmentPki.DefaultCertificateValidity);
    }

    /// <summary>Writes root.crt.pem and root.key.pem (owner-readable only) into <paramref name="directory"/>.</summary>
    public void WriteTo(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "root.crt.pem"), RootCertificatePem + "\n");
        PemWriter.WritePrivateKey(Path.Combine(directory, "root.key.pem"), RootPrivateKeyPem);
    }

    /// <summary>An agency's client certificate: CN and the single URI SAN are urn:hst:agency:CC:<paramref name="agencyName"/>.</summary>
    public NationalCertificate IssueAgency(string agencyName, NationalCertificateOptions? options = null)
    {
        var agency = AgencyId.Create(CountryCode, agencyName);
        var label = NextLabel("agency/" + agency.Name);
        var identities = options?.Identities ?? [agency.Uri];
        var names = identities.Count == 0 ? null : new X509Extension("2.5.29.17", CertificateFactory.UriNames(identities), false);
        return Issue(agency.Uri, label, names, CertificateOptions.ClientAuth, options);
    }

    /// <summary>The node's agency-API server certificate: DNS names localhost + <paramref name="dnsNames"/>, IP 127.0.0.1 and ::1.</summary>
    public NationalCertificate IssueServer(IEnumerable<string>? dnsNames = null, NationalCertificateOptions? options = null)
    {
        var names = new List<string> { "localhost" };
        names.AddRange((dnsNames ?? []).Where(n => !names.Contains(n, StringComparer.OrdinalIgnoreCase)));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        var label = NextLabel("server/" + string.Join(",", names));
        return Issue(names[^1], label, san.Build(), CertificateOptions.ServerAuth, options);
    }

    private NationalCertificate Issue(string commonName, string label, X509Extension? subjectAlternativeName, string extendedKeyUsage, NationalCertificateOptions? options)
    {
        var key = P256Key.FromSeedBytes(KeyDerivation.Derive(_keySeed, label + "/key"));
        var serial = KeyDerivation.SerialNumber(_keySeed, label);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
        var request = new CertificateRequest(subject.Build(), publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(options is { IsCertificateAuthority: true }
            ? new X509BasicConstraintsExtension(true, true, 0, true)
            : new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(options?.KeyUsage ?? X509KeyUsageFlags.DigitalSignature, true));
        var ekus = options?.ExtendedKeyUsages ?? [extendedKeyUsage];
        if (ekus.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var eku in ekus)
            {
                oids.Add(new Oid(eku));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        if (subjectAlternativeName is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeName);
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        request.CertificateExtensions.Add(_root.AuthorityKeyIdentifier);
        var notBefore = Whole(options?.NotBefore ?? IssuedAt);
        var notAfter = Whole(options?.NotAfter ?? IssuedAt + CertificateValidity);
        using var certificate = request.Create(_root.Name, _root.Signer, notBefore, notAfter, serial);
        return new NationalCertificate(commonName, certificate.RawData, key.Pkcs8, Convert.ToHexString(serial));
    }

    /// <summary>Per-name generation counter: a re-issued certificate gets a new key and serial.</summary>
    private string NextLabel(string name)
    {
        lock (_lock)
        {
            var generation = _generations.GetValueOrDefault(name);
            _generations[name] = generation + 1;
            return $"national/{CountryCode}/{name}/{generation}";
        }
    }

    private static DateTimeOffset Whole(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
