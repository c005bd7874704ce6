using HstFederation.Node.Agency;

namespace HstFederation.Node.Storage;

/// <summary>
/// A certificate to block (NodeStore.BlockAgencyCertificateAsync): its serial in <see cref="AgencyCertificateSerial"/>'s
/// normal form and what else is known of it (the DER's SHA-256, subject and expiry when the operator gave its file).
/// </summary>
internal sealed record NewCertificateBlock(string AgencyId, string Serial, byte[]? Sha256 = null, string? Subject = null, long? NotAfterMs = null, string? Reason = null)
{
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(AgencyId);
        if (!AgencyCertificateSerial.IsNormal(Serial))
        {
            throw new ArgumentException("A certificate's serial is upper-case hex without leading 00 bytes (AgencyCertificateSerial).", nameof(Serial));
        }

        if (Sha256 is { Length: not 32 })
        {
            throw new ArgumentException("A certificate's SHA-256 fingerprint is 32 bytes.", nameof(Sha256));
        }
    }
}
