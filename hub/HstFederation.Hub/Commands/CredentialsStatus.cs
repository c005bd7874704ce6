using HstFederation.Hub.Hosting;

namespace HstFederation.Hub.Commands;

/// <summary>
/// The hub's own certificates as `status` reports them: when each expires (the hub's TLS certificate expired, no member can
/// connect; its signing certificate, no receipt verifies), the previous encryption keys it keeps for opening, and a
/// reminder once the earliest is within <see cref="RenewWithinDays"/> days. Loaded as serve loads them, so credentials
/// serve would refuse are said here, with its words. Null when Hub:CredentialsDirectory, the root or the CRL is not set.
/// </summary>
internal sealed record CredentialsStatus(
    DateTimeOffset? TlsNotAfter, DateTimeOffset? SigningNotAfter, DateTimeOffset? EncryptionNotAfter, int PreviousKeys, int? DaysLeft, string? Problem)
{
    public const int RenewWithinDays = 30;

    public bool Healthy => Problem is null;

    public static CredentialsStatus? Read(HubOptions settings, TimeProvider time)
    {
        if (string.IsNullOrEmpty(settings.CredentialsDirectory) || string.IsNullOrEmpty(settings.RootCertificatePath)
            || string.IsNullOrEmpty(settings.RevocationListPath))
        {
            return null;
        }

        try
        {
            var credentials = HubCredentials.Load(settings, time);
            var tls = credentials.TlsCertificate.NotAfter.ToUniversalTime();
            var signing = credentials.Party.Signing.NotAfter;
            var encryption = credentials.Party.Encryption.NotAfter;
            var earliest = new[] { new DateTimeOffset(tls), signing, encryption }.Min();
            var days = (int)Math.Floor((earliest - time.GetUtcNow()).TotalDays);
            return new CredentialsStatus(tls, signing, encryption, credentials.Party.PreviousEncryption.Count, days, null);
        }
        catch (HubConfigurationException e)
        {
            return new CredentialsStatus(null, null, null, 0, null, e.Message);
        }
    }

    public string Line()
    {
        if (Problem is not null)
        {
            return $"CANNOT BE USED: {Problem}; 'hst-hub serve' does not start with them (docs/hub.md, \"Renewing the hub's keys\")";
        }

        var line = $"TLS until {CommandContext.Format(TlsNotAfter!.Value)}, signing until {CommandContext.Format(SigningNotAfter!.Value)}, " +
            $"encryption until {CommandContext.Format(EncryptionNotAfter!.Value)}; {PreviousKeys} previous encryption key(s) kept for opening";
        return DaysLeft < RenewWithinDays
            ? line + $"; RENEW: the first expires in {DaysLeft} day(s) (docs/hub.md, \"Renewing the hub's keys\")"
            : line;
    }

    public object Json() => new { TlsNotAfter, SigningNotAfter, EncryptionNotAfter, PreviousKeys, DaysLeft, RenewSoon = DaysLeft < RenewWithinDays, Problem };
}
