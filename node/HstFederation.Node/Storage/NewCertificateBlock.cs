namespace HstFederation.Node.Storage;

/// <summary>A certificate to block (NodeStore.BlockAgencyCertificateAsync): its DER's SHA-256 and what is known of it.</summary>
internal sealed record NewCertificateBlock(string AgencyId, byte[] Sha256, string? Subject = null, string? Serial = null, long? NotAfterMs = null, string? Reason = null)
{
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(AgencyId);
        ArgumentNullException.ThrowIfNull(Sha256);
        if (Sha256.Length != 32)
        {
            throw new ArgumentException("A certificate's SHA-256 fingerprint is 32 bytes.", nameof(Sha256));
        }
    }
}
