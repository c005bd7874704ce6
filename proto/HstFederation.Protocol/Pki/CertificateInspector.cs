using HstFederation.Protocol.Crypto;
using HstFederation.Protocol.Identities;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace HstFederation.Protocol.Pki;

/// <summary>
/// The time-independent part of a certificate check: structure, issuer and signature, CA bit, identity,
/// key type, key usage, EKU. The result only depends on the bytes, the purpose and the root, so it is cached.
/// </summary>
internal static class CertificateInspector
{
    public static CertificateCheck Inspect(byte[] der, CertificatePurpose purpose, X509Certificate root, AsymmetricKeyParameter rootKey)
    {
        X509Certificate cert;
        try
        {
            cert = new X509CertificateParser().ReadCertificate(der);
            if (cert is null || !cert.GetEncoded().AsSpan().SequenceEqual(der))
            {
                return Invalid(CertificateProblem.Malformed, "not exactly one DER-encoded X.509 certificate");
            }
        }
        catch (Exception e)
        {
            return Invalid(CertificateProblem.Malformed, "the certificate cannot be parsed: " + e.Message);
        }

        return CheckIssuer(cert, root, rootKey)
            ?? CheckExtensions(cert)
            ?? CheckIdentity(cert, out var party)
            ?? CheckKey(cert, purpose, out var publicKey)
            ?? CheckKeyUsage(cert, purpose)
            ?? CheckExtendedKeyUsage(cert, purpose)
            ?? CertificateCheck.Valid(new CertifiedKey(
                party,
                purpose,
                publicKey,
                KeyIds.Compute(publicKey),
                Utc(cert.NotBefore),
                Utc(cert.NotAfter),
                SerialNumbers.ToHex(cert.SerialNumber),
                der));
    }

    private static CertificateCheck? CheckIssuer(X509Certificate cert, X509Certificate root, AsymmetricKeyParameter rootKey)
    {
        if (!cert.IssuerDN.Equivalent(root.SubjectDN))
        {
            return Invalid(CertificateProblem.NotIssuedByFederationRoot, $"issuer '{cert.IssuerDN}' is not the federation root '{root.SubjectDN}'");
        }

        if (cert.SigAlgOid != CertificateProfile.EcdsaWithSha256)
        {
            return Invalid(CertificateProblem.NotIssuedByFederationRoot, $"signature algorithm {cert.SigAlgOid} is not ecdsa-with-SHA256");
        }

        try
        {
            cert.Verify(rootKey);
        }
        catch (Exception)
        {
            return Invalid(CertificateProblem.NotIssuedByFederationRoot, $"the signature does not verify with the federation root key (issuer name '{cert.IssuerDN}' is copied)");
        }

        var akid = cert.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier);
        var rootSkid = root.GetExtensionValue(X509Extensions.SubjectKeyIdentifier);
        if (akid is not null && rootSkid is not null)
        {
            var keyId = AuthorityKeyIdentifier.GetInstance(Asn1Object.FromByteArray(akid.GetOctets())).KeyIdentifier;
            var rootId = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(rootSkid.GetOctets()));
            if (keyId is not null && !keyId.GetOctets().AsSpan().SequenceEqual(rootId.GetOctets()))
            {
                return Invalid(CertificateProblem.NotIssuedByFederationRoot, "authority key identifier is not the federation root's key identifier");
            }
        }

        return null;
    }

    private static CertificateCheck? CheckExtensions(X509Certificate cert)
    {
        if (cert.GetBasicConstraints() >= 0)
        {
            return Invalid(CertificateProblem.CertificateAuthority, "basic constraints say CA=true; an end-entity certificate must not be a CA");
        }

        foreach (var oid in cert.GetCriticalExtensionOids() ?? new HashSet<string>())
        {
            if (!CertificateProfile.UnderstoodCriticalExtensions.Contains(oid))
            {
                return Invalid(CertificateProblem.Malformed, $"unsupported critical extension {oid}");
            }
        }

        return null;
    }

    private static CertificateCheck? CheckIdentity(X509Certificate cert, out PartyId party)
    {
        party = default;
        var uris = new List<string>();
        var san = cert.GetExtensionValue(X509Extensions.SubjectAlternativeName);
        if (san is not null)
        {
            foreach (var name in GeneralNames.GetInstance(Asn1Object.FromByteArray(san.GetOctets())).GetNames())
            {
                if (name.TagNo == GeneralName.UniformResourceIdentifier)
                {
                    uris.Add(DerIA5String.GetInstance(name.Name).GetString());
                }
            }
        }

        if (uris.Count == 0)
        {
            return Invalid(CertificateProblem.MissingIdentity, "no URI subject alternative name (expected urn:hst:member:XX or urn:hst:hub:IPSG)");
        }

        if (uris.Count > 1)
        {
            return Invalid(CertificateProblem.SeveralIdentities, $"{uris.Count} URI subject alternative names ({string.Join(", ", uris)}); exactly one is allowed");
        }

        if (!PartyId.TryParse(uris[0], out party))
        {
            return Invalid(CertificateProblem.InvalidIdentity, $"URI subject alternative name '{uris[0]}' is not a party URI");
        }

        var commonNames = cert.SubjectDN.GetValueList(X509Name.CN);
        if (commonNames.Count != 1 || commonNames[0] != uris[0])
        {
            return Invalid(CertificateProblem.InvalidIdentity, $"subject '{cert.SubjectDN}' does not have the single common name {uris[0]}");
        }

        return null;
    }

    private static CertificateCheck? CheckKey(X509Certificate cert, CertificatePurpose purpose, out byte[] publicKey)
    {
        var spki = cert.SubjectPublicKeyInfo;
        var algorithm = spki.Algorithm.Algorithm.Id;
        var parameters = spki.Algorithm.Parameters;
        publicKey = [];
        var ok = purpose switch
        {
            CertificatePurpose.Tls => algorithm == CertificateProfile.EcPublicKey
                && parameters is DerObjectIdentifier curve && curve.Id == CertificateProfile.P256,
            CertificatePurpose.MessageSigning => algorithm == CertificateProfile.Ed25519 && parameters is null,
            CertificatePurpose.MessageEncryption => algorithm == CertificateProfile.X25519 && parameters is null,
            _ => false,
        };
        if (!ok)
        {
            return Invalid(CertificateProblem.WrongKeyType, $"the key is {algorithm}{(parameters is DerObjectIdentifier p ? "/" + p.Id : "")}; a {purpose} certificate must certify a {CertificateProfile.KeyTypeName(purpose)} key");
        }

        if (purpose == CertificatePurpose.Tls)
        {
            publicKey = spki.GetEncoded(Asn1Encodable.Der);
            return null;
        }

        publicKey = spki.PublicKey.GetOctets();
        return publicKey.Length == KeyPairs.KeySize
            ? null
            : Invalid(CertificateProblem.WrongKeyType, $"the {CertificateProfile.KeyTypeName(purpose)} key is {publicKey.Length} bytes, not {KeyPairs.KeySize}");
    }

    private static CertificateCheck? CheckKeyUsage(X509Certificate cert, CertificatePurpose purpose)
    {
        var required = CertificateProfile.RequiredKeyUsageBit(purpose);
        var expected = $"key usage must be exactly {CertificateProfile.KeyUsageName(required)} (critical)";
        var usage = cert.GetKeyUsage();
        if (usage is null)
        {
            return Invalid(CertificateProblem.WrongKeyUsage, "no key usage extension; " + expected);
        }

        var present = Enumerable.Range(0, usage.Length).Where(bit => usage[bit]).ToList();
        if (present.Count != 1 || present[0] != required)
        {
            return Invalid(CertificateProblem.WrongKeyUsage, $"key usage is [{string.Join(", ", present.Select(CertificateProfile.KeyUsageName))}]; {expected}");
        }

        return cert.GetCriticalExtensionOids()?.Contains(CertificateProfile.KeyUsageOid) == true
            ? null
            : Invalid(CertificateProblem.WrongKeyUsage, "the key usage extension is not critical; " + expected);
    }

    private static CertificateCheck? CheckExtendedKeyUsage(X509Certificate cert, CertificatePurpose purpose)
    {
        if (purpose != CertificatePurpose.Tls)
        {
            return null;
        }

        var value = cert.GetExtensionValue(X509Extensions.ExtendedKeyUsage);
        var usages = value is null
            ? []
            : ExtendedKeyUsage.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).GetAllUsages().Select(oid => oid.Id).ToList();
        return usages.Contains(CertificateProfile.ServerAuth) && usages.Contains(CertificateProfile.ClientAuth)
            ? null
            : Invalid(CertificateProblem.WrongExtendedKeyUsage, $"extended key usage is [{string.Join(", ", usages)}]; a TLS certificate needs serverAuth and clientAuth");
    }

    private static CertificateCheck Invalid(CertificateProblem problem, string detail) => CertificateCheck.Invalid(problem, detail);

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
