using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HstFederation.Protocol.Identities;
using HstFederation.Protocol.Pki;

namespace HstFederation.DevPki;

/// <summary>Builds one end-entity certificate of the federation profile, or of a deviation from it.</summary>
internal static class CertificateFactory
{
    public static byte[] Issue(RootAuthority issuer, X509AuthorityKeyIdentifierExtension authorityKeyIdentifier, byte[] subjectPublicKeyInfo, PartyId party, CertificatePurpose purpose, CertificateOptions options, byte[] serialNumber, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var identities = options.Identities ?? [party.Uri];
        var commonName = options.SubjectCommonName ?? (identities.Count == 1 ? identities[0] : party.Uri);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        var request = new CertificateRequest(subject.Build(), publicKey, HashAlgorithmName.SHA256);
        var extensions = request.CertificateExtensions;
        extensions.Add(options.IsCertificateAuthority
            ? new X509BasicConstraintsExtension(true, true, 0, true)
            : new X509BasicConstraintsExtension(false, false, 0, true));
        extensions.Add(new X509KeyUsageExtension(options.KeyUsage ?? DefaultKeyUsage(purpose), true));
        var ekus = options.ExtendedKeyUsages
            ?? (purpose == CertificatePurpose.Tls ? [CertificateOptions.ServerAuth, CertificateOptions.ClientAuth] : []);
        if (ekus.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var eku in ekus)
            {
                oids.Add(new Oid(eku));
            }

            extensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        if (identities.Count > 0)
        {
            extensions.Add(new X509Extension("2.5.29.17", UriNames(identities), false));
        }

        extensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        extensions.Add(authorityKeyIdentifier);
        using var certificate = request.Create(issuer.Name, issuer.Signer, notBefore, notAfter, serialNumber);
        return certificate.RawData;
    }

    private static X509KeyUsageFlags DefaultKeyUsage(CertificatePurpose purpose) =>
        purpose == CertificatePurpose.MessageEncryption ? X509KeyUsageFlags.KeyAgreement : X509KeyUsageFlags.DigitalSignature;

    /// <summary>GeneralNames with one uniformResourceIdentifier [6] IA5String per URI, written exactly as given.</summary>
    internal static byte[] UriNames(IEnumerable<string> uris)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var uri in uris)
            {
                writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, new Asn1Tag(TagClass.ContextSpecific, 6));
            }
        }

        return writer.Encode();
    }
}
