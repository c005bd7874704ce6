using System.Globalization;
using HstFederation.Hub.Hosting;
using HstFederation.Protocol.Pki;

namespace HstFederation.Hub.Commands;

/// <summary>
/// The federation CRL as `status` reports it (ARCHITECTURE §2: trust data expires closed). Past its nextUpdate the serving
/// hub still uses it for Hub:RevocationGrace, then refuses every member's certificate: the whole federation stops. Said
/// from the nextUpdate on, while the operator can still act. Null when Hub:RevocationListPath or the root is not set.
/// </summary>
internal sealed record RevocationListStatus(string Path, string? Number, DateTimeOffset? NextUpdate, DateTimeOffset? StaleAt, bool Overdue, bool Stale, string? Problem)
{
    public bool Healthy => Problem is null && !Overdue;

    public static RevocationListStatus? Read(HubOptions settings, TimeProvider time)
    {
        if (string.IsNullOrEmpty(settings.RevocationListPath) || string.IsNullOrEmpty(settings.RootCertificatePath))
        {
            return null;
        }

        try
        {
            var trust = FederationTrust.Load(settings.RootCertificatePath, settings.RevocationListPath, time, new TrustOptions { RevocationGrace = settings.RevocationGrace });
            var crl = trust.RevocationList!;
            var staleAt = crl.NextUpdate + settings.RevocationGrace;
            var now = time.GetUtcNow();
            return new RevocationListStatus(
                settings.RevocationListPath, crl.Number.ToString(CultureInfo.InvariantCulture), crl.NextUpdate, staleAt, now > crl.NextUpdate, now > staleAt, null);
        }
        catch (CredentialException e)
        {
            return new RevocationListStatus(settings.RevocationListPath, null, null, null, false, false, e.Message);
        }
    }

    public string Line()
    {
        if (Problem is not null)
        {
            return $"CRL cannot be used: {Problem}";
        }

        var due = $"CRL number {Number} due for renewal {CommandContext.Format(NextUpdate!.Value)}";
        if (Stale)
        {
            return $"{due}: STALE since {CommandContext.Format(StaleAt!.Value)} (Hub:RevocationGrace): the serving hub refuses every member's certificate " +
                $"and accepts nothing until a fresh CRL from the CA operator is at {Path}";
        }

        return Overdue
            ? $"{due}: OVERDUE; from {CommandContext.Format(StaleAt!.Value)} (Hub:RevocationGrace) the serving hub refuses every member's certificate " +
                $"and accepts nothing: put a fresh CRL from the CA operator at {Path}"
            : due;
    }

    public object Json() => new { Path, Number, NextUpdate, StaleAt, Overdue, Stale, Problem };
}
