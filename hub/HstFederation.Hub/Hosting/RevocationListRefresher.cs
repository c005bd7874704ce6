using HstFederation.Protocol.Pki;

namespace HstFederation.Hub.Hosting;

/// <summary>
/// Re-reads the federation CRL file every <see cref="HubOptions.RevocationListRefresh"/> and installs it
/// if it is newer. If nothing fresher arrives, <see cref="FederationTrust"/> refuses every certificate once
/// the CRL is past nextUpdate plus its grace: the hub fails closed rather than trusting stale data.
/// </summary>
internal sealed class RevocationListRefresher(HubOptions options, FederationTrust trust, TimeProvider time, ILogger<RevocationListRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RevocationListRefresh, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Reload();
        }
    }

    internal void Reload()
    {
        try
        {
            var crl = RevocationList.Parse(File.ReadAllBytes(options.RevocationListPath), trust.RootCertificateDer.Span);
            if (trust.UpdateRevocationList(crl))
            {
                HubLog.CrlReloaded(logger, crl.Number, crl.NextUpdate);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            HubLog.CrlReloadFailed(logger, e, options.RevocationListPath);
        }
    }
}
