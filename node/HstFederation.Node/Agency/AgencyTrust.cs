using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HstFederation.Protocol.Identities;

namespace HstFederation.Node.Agency;

/// <summary>
/// Decides which agency client certificates the agency API accepts: issued directly by the NCB's national CA
/// (the configured root, and nothing else: the OS store and the federation root play no part), valid now
/// by the injected clock, not a CA, key usage digitalSignature, EKU clientAuth, and exactly one URI SAN
/// naming an agency of this node's country (urn:hst:agency:CC:name). There is no national CRL: the NCB cuts off one
/// certificate by blocking its serial (table blocked_agency_certificates, `hst-node agencies block-certificate`), which
/// <see cref="AgencyTls"/> reads after this check at the handshake, and a whole agency with the scope table's "disabled" flag;
/// <see cref="AgencyAuthorizationInterceptor"/> reads both on every call and every streamed batch. This class judges the
/// certificate alone. Issued directly by the one national CA is also what makes a serial name one certificate.
/// </summary>
internal sealed class AgencyTrust : IDisposable
{
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string SubjectAlternativeName = "2.5.29.17";

    private readonly X509Certificate2 _root;

    public AgencyTrust(X509Certificate2 root, string countryCode, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(time);
        if (root.Extensions.OfType<X509BasicConstraintsExtension>().SingleOrDefault() is not { CertificateAuthority: true })
        {
            throw new ArgumentException($"The national CA certificate '{root.Subject}' is not a CA (basic constraints).", nameof(root));
        }

        if (!root.SubjectName.RawData.AsSpan().SequenceEqual(root.IssuerName.RawData))
        {
            throw new ArgumentException($"The national CA certificate '{root.Subject}' is not a self-signed root.", nameof(root));
        }

        _ = PartyId.Member(countryCode);
        _root = root;
        CountryCode = countryCode;
        Time = time;
    }

    /// <summary>This node's member code: only agencies of this country are accepted.</summary>
    public string CountryCode { get; }

    public TimeProvider Time { get; }

    public string RootSubject => _root.Subject;

    public AgencyCertificateCheck Validate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            return CheckChain(certificate) ?? CheckProfile(certificate) ?? CheckIdentity(certificate);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or FormatException)
        {
            return AgencyCertificateCheck.Invalid(AgencyCertificateProblem.Malformed, "the certificate cannot be interpreted: " + e.Message);
        }
    }

    public void Dispose() => _root.Dispose();

    private AgencyCertificateCheck? CheckChain(X509Certificate2 certificate)
    {
        var now = Time.GetUtcNow();
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // no online lookups: a certificate is cut off by its block (handshake and every call), an agency by "disabled" (every call)
        chain.ChainPolicy.DisableCertificateDownloads = true;

        // RFC 5280 (and FederationTrust) count notAfter itself as valid; the platform chain (OpenSSL, whole
        // seconds) calls the certificate expired from that second on. The agency certificate's own times are
        // judged below, so in its last second the chain is built a second earlier instead of failing as Malformed.
        var lastSecond = notAfter.AddSeconds(-1);
        chain.ChainPolicy.VerificationTime = (now > lastSecond && lastSecond >= notBefore ? lastSecond : now).UtcDateTime;
        var built = chain.Build(certificate);
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status);
        var issuedByRoot = chain.ChainElements.Count == 2 && chain.ChainElements[1].Certificate.RawData.AsSpan().SequenceEqual(_root.RawData);
        if (!issuedByRoot || (flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotSignatureValid)) != 0)
        {
            return AgencyCertificateCheck.Invalid(AgencyCertificateProblem.NotIssuedByNationalCa,
                $"issuer '{certificate.Issuer}' is not the national CA '{_root.Subject}' (or its signature does not verify with the national CA's key)");
        }

        if (now < notBefore)
        {
            return AgencyCertificateCheck.Invalid(AgencyCertificateProblem.NotYetValid, $"certificate {certificate.SerialNumber} is valid from {notBefore:O}, judged at {now:O}");
        }

        if (now > notAfter)
        {
            return AgencyCertificateCheck.Invalid(AgencyCertificateProblem.Expired, $"certificate {certificate.SerialNumber} expired at {notAfter:O}, judged at {now:O}");
        }

        return built
            ? null
            : AgencyCertificateCheck.Invalid(AgencyCertificateProblem.Malformed, $"the chain to the national CA does not validate: {flags}");
    }

    private static AgencyCertificateCheck? CheckProfile(X509Certificate2 certificate)
    {
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().SingleOrDefault() is { CertificateAuthority: true })
        {
            return AgencyCertificateCheck.Invalid(AgencyCertificateProblem.CertificateAuthority, "basic constraints say CA=true; an agency certificate must not be a CA");
        }

        if (certificate.Extensions.OfType<X509KeyUsageExtension>().SingleOrDefault() is not { } usage
            || (usage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
        {
            return AgencyCertificateCheck.Invalid(AgencyCertificateProblem.WrongKeyUsage, "key usage must include digitalSignature");
        }

        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault() is not { } eku
            || !eku.EnhancedKeyUsages.Cast<Oid>().Any(oid => oid.Value == ClientAuth))
        {
            return AgencyCertificateCheck.Invalid(AgencyCertificateProblem.WrongExtendedKeyUsage, "extended key usage must include clientAuth");
        }

        return null;
    }

    private AgencyCertificateCheck CheckIdentity(X509Certificate2 certificate)
    {
        var uris = IdentityUris(certificate);
        if (uris.Count == 0)
        {
            return AgencyCertificateCheck.Invalid(AgencyCertificateProblem.MissingIdentity, "no URI subject alternative name (expected urn:hst:agency:CC:name)");
        }

        if (uris.Count > 1)
        {
            return AgencyCertificateCheck.Invalid(AgencyCertificateProblem.SeveralIdentities, $"{uris.Count} URI subject alternative names ({string.Join(", ", uris)}); exactly one is allowed");
        }

        if (!AgencyId.TryParse(uris[0], out var agency))
        {
            return AgencyCertificateCheck.Invalid(AgencyCertificateProblem.InvalidIdentity, $"URI subject alternative name '{uris[0]}' is not an agency URI (urn:hst:agency:CC:name)");
        }

        return agency.CountryCode == CountryCode
            ? AgencyCertificateCheck.Valid(agency)
            : AgencyCertificateCheck.Invalid(AgencyCertificateProblem.OtherCountry, $"{agency.Uri} is an agency of {agency.CountryCode}; this node is {CountryCode}'s");
    }

    /// <summary>
    /// Every URI subject alternative name of <paramref name="certificate"/>, unjudged (the CLI checks a file it is asked to
    /// block against an agency). Throws <see cref="AsnContentException"/> on a malformed extension.
    /// </summary>
    public static List<string> IdentityUris(X509Certificate2 certificate) =>
        [.. certificate.Extensions.Where(e => e.Oid?.Value == SubjectAlternativeName).SelectMany(e => UriNames(e.RawData))];

    /// <summary>The uniformResourceIdentifier [6] entries of a GeneralNames extension value.</summary>
    private static List<string> UriNames(byte[] extension)
    {
        var names = new List<string>();
        var reader = new AsnReader(extension, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
        while (sequence.HasData)
        {
            if (sequence.PeekTag() == uriTag)
            {
                names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
            }
            else
            {
                sequence.ReadEncodedValue();
            }
        }

        return names;
    }
}
