using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClusterGateway.Gateway.Hosting;

/// <summary>
/// The readyz check <c>shutdown</c>: fails from the moment shutdown begins, so load balancers and the aggregator
/// stop routing here while in-flight requests finish (kube-apiserver's readyz <c>shutdown</c> check,
/// k8s.io/apiserver <c>pkg/server/healthz.go</c> <c>shutdownCheck</c>). Livez stays healthy.
/// </summary>
internal sealed class ShutdownCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    /// <summary>The check's name, as kube-apiserver lists it in <c>/readyz?verbose</c>.</summary>
    public const string Name = "shutdown";

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("the server is shutting down")
            : HealthCheckResult.Healthy());
}
