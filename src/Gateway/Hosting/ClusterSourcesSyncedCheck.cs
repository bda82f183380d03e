using ClusterGateway.Gateway.Clusters;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClusterGateway.Gateway.Hosting;

/// <summary>Ready once every cluster source delivered its initial state (the hub Secret informer listed).</summary>
internal sealed class ClusterSourcesSyncedCheck(IClusterRegistry registry) : IHealthCheck
{
    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(registry.IsSynced
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("cluster sources have not synced yet"));
}
