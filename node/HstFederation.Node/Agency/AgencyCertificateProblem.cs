namespace HstFederation.Node.Agency;

/// <summary>Why an agency client certificate was refused (logged with the detail; the handshake fails). Blocked is judged after AgencyTrust, by AgencyTls.</summary>
internal enum AgencyCertificateProblem
{
    None = 0,
    Malformed,

    /// <summary>Not issued directly by the configured national CA: another CA (the federation root too), self-signed, or a chain.</summary>
    NotIssuedByNationalCa,
    NotYetValid,
    Expired,
    CertificateAuthority,
    WrongKeyUsage,
    WrongExtendedKeyUsage,
    MissingIdentity,
    SeveralIdentities,
    InvalidIdentity,

    /// <summary>An agency URI of another country than this node's.</summary>
    OtherCountry,

    /// <summary>A valid certificate the NCB blocked (by serial; <c>hst-node agencies block-certificate</c>), refused at the handshake without an audit entry.</summary>
    Blocked,
}
