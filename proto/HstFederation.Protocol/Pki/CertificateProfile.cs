namespace HstFederation.Protocol.Pki;

/// <summary>The certificate profile of the federation (certs-dev/README.md): OIDs and per-purpose rules.</summary>
internal static class CertificateProfile
{
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string P256 = "1.2.840.10045.3.1.7";
    public const string Ed25519 = "1.3.101.112";
    public const string X25519 = "1.3.101.110";
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    public const string KeyUsageOid = "2.5.29.15";
    public const string SubjectAltNameOid = "2.5.29.17";
    public const string BasicConstraintsOid = "2.5.29.19";
    public const string ExtendedKeyUsageOid = "2.5.29.37";

    public const int DigitalSignatureBit = 0;
    public const int KeyAgreementBit = 4;

    /// <summary>Critical extensions a validator of this profile understands; any other critical one is refused.</summary>
    public static readonly IReadOnlySet<string> UnderstoodCriticalExtensions =
        new HashSet<string>(StringComparer.Ordinal) { KeyUsageOid, SubjectAltNameOid, BasicConstraintsOid, ExtendedKeyUsageOid };

    /// <summary>The single key-usage bit the purpose requires (and the only one it allows).</summary>
    public static int RequiredKeyUsageBit(CertificatePurpose purpose) =>
        purpose == CertificatePurpose.MessageEncryption ? KeyAgreementBit : DigitalSignatureBit;

    public static string KeyUsageName(int bit) => bit switch
    {
        0 => "digitalSignature",
        1 => "nonRepudiation",
        2 => "keyEncipherment",
        3 => "dataEncipherment",
        4 => "keyAgreement",
        5 => "keyCertSign",
        6 => "cRLSign",
        7 => "encipherOnly",
        8 => "decipherOnly",
        _ => $"bit{bit}",
    };

    public static string KeyTypeName(CertificatePurpose purpose) => purpose switch
    {
        CertificatePurpose.Tls => "ECDSA P-256",
        CertificatePurpose.MessageSigning => "Ed25519",
        CertificatePurpose.MessageEncryption => "X25519",
        _ => purpose.ToString(),
    };
}
