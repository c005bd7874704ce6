using System.Globalization;
using HstFederation.Node.Hosting;
using HstFederation.Protocol.Envelope;
using HstFederation.Protocol.Pki;

namespace HstFederation.Node.Commands;

/// <summary>
/// `show`'s re-check of a received envelope against the federation root and the CRL as they are now
/// (<see cref="EnvelopeEvidence"/>): a member revoked since still stands behind what it signed before.
/// Without the root or CRL settings `show` says it did not re-check, rather than failing.
/// </summary>
internal sealed record EvidenceReport(bool Checked, EvidenceCheck? Result, string? CrlNumber, string? NotChecked)
{
    public static Func<byte[], EvidenceReport> For(NodeOptions options, TimeProvider time)
    {
        if (string.IsNullOrEmpty(options.RootCertificatePath) || string.IsNullOrEmpty(options.RevocationListPath))
        {
            return _ => new EvidenceReport(false, null, null, $"{NodeOptions.Section}:RootCertificatePath and RevocationListPath are not set");
        }

        FederationTrust trust;
        try
        {
            trust = FederationTrust.Load(options.RootCertificatePath, options.RevocationListPath, time, new TrustOptions { RevocationGrace = options.RevocationGrace });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException or ArgumentException or CredentialException)
        {
            return _ => new EvidenceReport(false, null, null, "the federation root or CRL could not be read: " + e.Message);
        }

        var number = trust.RevocationList?.Number.ToString(CultureInfo.InvariantCulture);
        return envelope => new EvidenceReport(true, EnvelopeEvidence.Check(envelope, trust), number, null);
    }

    public string Line() => Result switch
    {
        null => $"  evidence not re-checked now: {NotChecked}",
        { IsValid: true } valid => $"  evidence re-checked now (federation root, CRL number {CrlNumber}): {valid.Detail} ({Display.Time(valid.SignedAt!.Value)})" +
            (valid.SignerRevokedAt is { } revoked ? $"; the certificate was revoked {Display.Time(revoked)}, after it signed: the message stands" : string.Empty),
        _ => $"  EVIDENCE DOES NOT HOLD now (CRL number {CrlNumber}): {Result.Detail}",
    };

    public object Json() => new
    {
        Checked, Valid = Result?.IsValid, Result?.SignedAt, Result?.SignerRevokedAt, CrlNumber, Detail = Result?.Detail ?? NotChecked,
    };
}
