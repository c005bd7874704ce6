namespace HstFederation.Protocol.Pki;

/// <summary>Why a certificate is not accepted. Each problem of THREATS row 3 has its own value.</summary>
public enum CertificateProblem
{
    None = 0,
    Malformed,
    NotIssuedByFederationRoot,
    NotYetValid,
    Expired,
    Revoked,
    WrongKeyType,
    WrongKeyUsage,
    WrongExtendedKeyUsage,
    CertificateAuthority,
    MissingIdentity,
    SeveralIdentities,
    InvalidIdentity,
    RevocationDataStale,
}
