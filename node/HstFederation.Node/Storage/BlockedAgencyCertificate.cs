namespace HstFederation.Node.Storage;

/// <summary>
/// One agency client certificate the NCB blocked (table <c>blocked_agency_certificates</c>, Migration0016), by its serial:
/// a new connection presenting it is refused at the TLS handshake and every call on a connection opened before is refused,
/// whichever agency it names. <see cref="Sha256"/> (information only), <see cref="Subject"/> and <see cref="NotAfterMs"/>
/// are known when the operator gave the certificate file, null when only its serial.
/// </summary>
internal sealed record BlockedAgencyCertificate(
    string Serial,
    string AgencyId,
    byte[]? Sha256,
    string? Subject,
    long? NotAfterMs,
    string? Reason,
    long BlockedAtMs,
    string BlockedBy)
{
    /// <summary>The SHA-256 of the DER given when blocking, as 64 lower-case hex digits, or null.</summary>
    public string? Fingerprint => Sha256 is null ? null : Convert.ToHexStringLower(Sha256);
}
