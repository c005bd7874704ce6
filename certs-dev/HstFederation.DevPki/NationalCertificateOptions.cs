using System.Security.Cryptography.X509Certificates;

namespace HstFederation.DevPki;

/// <summary>
/// Deviations for agency and agency-API server certificates, to mint the bad agency certificates of the
/// agency API's threat row 3 (expired, not yet valid, CA bit, wrong key usage or EKU, wrong URI SANs).
/// Every property left null keeps the profile's value.
/// </summary>
public sealed class NationalCertificateOptions
{
    public DateTimeOffset? NotBefore { get; init; }

    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>Basic constraints CA=true instead of CA=false.</summary>
    public bool IsCertificateAuthority { get; init; }

    /// <summary>Key usage (always critical). Default: digitalSignature.</summary>
    public X509KeyUsageFlags? KeyUsage { get; init; }

    /// <summary>EKU OIDs; an empty list omits the extension. Default: clientAuth for agencies, serverAuth for the server.</summary>
    public IReadOnlyList<string>? ExtendedKeyUsages { get; init; }

    /// <summary>
    /// Agency certificates only: the URI SANs, written exactly as given (no validation, so invalid and other
    /// countries' URIs can be minted); an empty list omits the extension. Default: the agency's URI. The CN
    /// stays the agency's URI.
    /// </summary>
    public IReadOnlyList<string>? Identities { get; init; }
}
