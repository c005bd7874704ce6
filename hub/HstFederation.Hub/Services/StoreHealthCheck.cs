using HstFederation.Hub.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HstFederation.Hub.Services;

/// <summary>Unhealthy while the store's last write failed (e.g. disk full); healthy again once one succeeds.</summary>
internal sealed class StoreHealthCheck(HubStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.IsHealthy
            ? HealthCheckResult.Healthy($"{store.QueuedWrites} writes queued")
            : HealthCheckResult.Unhealthy("the last write failed; see the hub log"));
}
