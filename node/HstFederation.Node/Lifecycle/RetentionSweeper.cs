using HstFederation.Node.HubLink;
using HstFederation.Node.Storage;
using HstFederation.Protocol.Pki;

namespace HstFederation.Node.Lifecycle;

/// <summary>
/// Purges this node's own copies (inbox and outbox) once their effective retention date is reached (docs/lifecycle.md
/// §5), on the injected clock, whether or not the hub is reachable: a node offline at expiry keeps no content past it.
/// The hub's expiry order later finds the copy purged and is confirmed PURGED. <see cref="RunOnceAsync"/> is one sweep.
/// </summary>
internal sealed class RetentionSweeper(NodeStore store, PartyCredentials me, TimeProvider time, ILogger<RetentionSweeper> logger) : BackgroundService
{
    /// <summary>How often the sweep runs; a copy outlives its date by at most this much.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var purged = await store.SweepRetentionAsync(me.Party.Uri, cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            HubLinkLog.RetentionSwept(logger, purged);
        }

        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (NodeStoreUnavailableException)
            {
                // Nothing committed; the next tick tries again.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
