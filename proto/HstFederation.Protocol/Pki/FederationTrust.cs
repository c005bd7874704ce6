namespace HstFederation.Protocol.Pki;

/// <summary>
/// Everything a party trusts: the federation root certificate (and nothing else: never the OS
/// store), the root's current CRL, and the clock. Thread-safe; certificate checks are cached by
/// certificate bytes, revocation and validity windows are evaluated on every call.
/// </summary>
public sealed class FederationTrust
{
    // CONTRACT (implemented in the PKI work):
    // public FederationTrust(ReadOnlySpan<byte> rootCertificateDer, RevocationList? revocationList, TimeProvider time, TrustOptions? options = null)
    // public static FederationTrust Load(string rootCertificatePemPath, string? crlPemPath, TimeProvider time, TrustOptions? options = null)
    public TimeProvider Time => throw new NotImplementedException();

    public TrustOptions Options => throw new NotImplementedException();

    /// <summary>
    /// Validates <paramref name="certificateDer"/> for <paramref name="purpose"/>: issued and signed by the
    /// federation root, not a CA, exactly one valid party URI SAN, the key type / key usage / EKU of the
    /// purpose, valid at <paramref name="at"/>, not revoked at or before <paramref name="at"/>, and the CRL
    /// is fresh now (TrustOptions.RevocationGrace).
    /// </summary>
    public CertificateCheck Validate(ReadOnlySpan<byte> certificateDer, CertificatePurpose purpose, DateTimeOffset at) =>
        throw new NotImplementedException();
}
