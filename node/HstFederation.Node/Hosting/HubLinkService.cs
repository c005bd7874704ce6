using HstFederation.Node.HubLink;
using HstFederation.Protocol.Pki;

namespace HstFederation.Node.Hosting;

/// <summary>
/// Runs the hub link for `serve`: the outbox sender, the inbox subscriber, and the CRL re-read, side by
/// side until the node stops. Each loop retries on its own; one failing never stops the others.
/// </summary>
internal sealed class HubLinkService(
    OutboxSender sender, InboxSubscriber subscriber, MemberDirectoryCache directory, FederationTrust trust, NodeOptions options,
    TimeProvider time, ILogger<HubLinkService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            Task.Run(() => sender.RunAsync(stoppingToken), stoppingToken),
            Task.Run(() => subscriber.RunAsync(stoppingToken), stoppingToken),
            Task.Run(() => RefreshTrustAsync(stoppingToken), stoppingToken));

    /// <summary>Re-reads the CRL file and refreshes the directory; both fail closed when they cannot be renewed.</summary>
    private async Task RefreshTrustAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.DirectoryRefresh, time);
        do
        {
            ReloadRevocationList();
            try
            {
                await directory.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (DirectoryUnavailableException error)
            {
                NodeLog.DirectoryRefreshFailed(logger, error.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private void ReloadRevocationList()
    {
        try
        {
            var crl = RevocationList.Parse(File.ReadAllBytes(options.RevocationListPath), trust.RootCertificateDer.Span);
            if (trust.UpdateRevocationList(crl))
            {
                NodeLog.CrlReloaded(logger, crl.Number, crl.NextUpdate);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            NodeLog.CrlReloadFailed(logger, e, options.RevocationListPath);
        }
    }
}
