using HstFederation.Node.HubLink;
using HstFederation.Protocol.Pki;

namespace HstFederation.Node.Hosting;

/// <summary>
/// Runs the hub link for `serve`: the outbox sender, the order sender, the inbox subscriber, and the CRL re-read, side by
/// side until the node stops. Each loop retries what it expects to fail (the hub away, a full disk). A
/// loop that ends on anything else is logged as critical, recorded (<see cref="HubLinkFailure"/>: `serve` then exits 1)
/// and stops the node, so the service manager restarts it rather than a node that looks alive while its outbox or
/// inbox no longer moves.
/// </summary>
internal sealed class HubLinkService(
    OutboxSender sender, OrderSender orders, InboxSubscriber subscriber, MemberDirectoryCache directory, HubAuditWitness auditHeads, HubLinkState linkState, FederationTrust trust,
    PartyCredentials me, NodeOptions options, TimeProvider time, HubLinkFailure failure, IHostApplicationLifetime lifetime, ILogger<HubLinkService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            SuperviseAsync("outbox sender", () => sender.RunAsync(stoppingToken), stoppingToken),
            SuperviseAsync("order sender", () => orders.RunAsync(stoppingToken), stoppingToken),
            SuperviseAsync("inbox subscriber", () => subscriber.RunAsync(stoppingToken), stoppingToken),
            SuperviseAsync("trust refresh", () => RefreshTrustAsync(stoppingToken), stoppingToken));

    private async Task SuperviseAsync(string loop, Func<Task> run, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Run(run, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception error)
        {
            NodeLog.LoopFailed(logger, error, loop);
            failure.Record(loop);
            lifetime.StopApplication();
        }
    }

    /// <summary>
    /// Re-reads the CRL file (warning while the CRL held is stale) and refreshes the directory; both fail closed when they
    /// cannot be renewed. Records what it holds for `hst-node status` (<see cref="HubLinkState"/>). Then records the hub's audit head if it is a new one (<see cref="HubAuditWitness"/>).
    /// </summary>
    private async Task RefreshTrustAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.DirectoryRefresh, time);
        do
        {
            ReloadRevocationList();
            if (trust.StaleReason() is { } stale)
            {
                // Said at every refresh while it lasts: a node with nothing to send or receive would otherwise not say it.
                NodeLog.TrustDataStale(logger, stale, options.RevocationListPath);
            }
            else if (OwnRevocation() is { } revoked)
            {
                // Said at every refresh too: with nothing queued, the sender never says it, and the hub's refusals
                // (soon at the TLS handshake) read as an unreachable hub.
                NodeLog.OwnCredentialsRevoked(logger, revoked);
            }

            try
            {
                await directory.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (DirectoryUnavailableException error)
            {
                NodeLog.DirectoryRefreshFailed(logger, error.Message);
            }

            // Also while the hub is away: the directory held, which the sender seals with until it expires, is what status shows.
            linkState.Refreshed(directory.Current);

            await auditHeads.RecordAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Why the CRL this node holds revokes its own signing certificate, or null.</summary>
    private string? OwnRevocation()
    {
        var check = trust.Validate(me.Signing.CertificateDer.Span, CertificatePurpose.MessageSigning, time.GetUtcNow());
        return check.Problem == CertificateProblem.Revoked ? check.Detail : null;
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
