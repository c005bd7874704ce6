using System.Security.Cryptography.X509Certificates;

namespace HstFederation.DevPki;

/// <summary>
/// Deviations from the federation profile, to mint the bad certificates of THREATS row 3.
/// Every property left null keeps the profile's value.
/// </summary>
public sealed class CertificateOptions
{
    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>EKU OIDs; an empty list omits the extension. Default: serverAuth + clientAuth for TLS, none otherwise.</summary>
    public IReadOnlyList<string>? ExtendedKeyUsages { get; init; }

    /// <summary>Basic constraints CA=true instead of CA=false.</summary>
    public bool IsCertificateAuthority { get; init; }

    /// <summary>The URI SANs; an empty list omits the extension. Default: the party's URI.</summary>
    public IReadOnlyList<string>? Identities { get; init; }

    /// <summary>Subject CN. Default: the single identity, or the party's URI.</summary>
    public string? SubjectCommonName { get; init; }

    /// <summary>Key usage (always critical). Default: digitalSignature, or keyAgreement for encryption.</summary>
    public X509KeyUsageFlags? KeyUsage { get; init; }

    /// <summary>Sign with another PKI's root (its issuer name and key) instead of this one's.</summary>
    public DevelopmentPki? IssuedBy { get; init; }

    /// <summary>
    /// Name this PKI's root key in the authority key identifier, whoever signs: a forger copies the real root's
    /// identifier along with its name, so that only the signature tells the forgery apart.
    /// </summary>
    public DevelopmentPki? AuthorityKeyIdentifierOf { get; init; }

    /// <summary>The serverAuth and clientAuth OIDs, for building EKU lists.</summary>
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
}
