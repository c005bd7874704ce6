namespace HstFederation.Node.Storage;

/// <summary>
/// One agency client certificate the NCB blocked (table <c>blocked_agency_certificates</c>, Migration0016): every call
/// presenting it is refused, whichever agency it names. <see cref="Subject"/>, <see cref="Serial"/> and
/// <see cref="NotAfterMs"/> are known when the operator gave the certificate file, null when only its fingerprint.
/// </summary>
internal sealed record BlockedAgencyCertificate(
    byte[] Sha256,
    string AgencyId,
    string? Subject,
    string? Serial,
    long? NotAfterMs,
    string? Reason,
    long BlockedAtMs,
    string BlockedBy)
{
    /// <summary>The SHA-256 of the certificate's DER as 64 lower-case hex digits (how the CLI, the audit and the refusal name it).</summary>
    public string Fingerprint => Convert.ToHexStringLower(Sha256);
}
