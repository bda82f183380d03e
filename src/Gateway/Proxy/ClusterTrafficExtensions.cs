using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Proxy.Credentials;
using ClusterGateway.Gateway.Proxy.Limits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>Registers how proxied traffic reaches clusters and is measured and bounded.</summary>
internal static class ClusterTrafficExtensions
{
    /// <summary>
    /// Registers the exec credential cache, the metrics (<see cref="ProxyMetrics"/>, <see cref="MetricsCollector"/>) and
    /// these <see cref="IProxyFilter"/>s: metrics, fast-fail for unhealthy clusters, per-cluster QPS, per-cluster
    /// in-flight limit, the exec credential. They run in <see cref="ProxyFilterPipeline.Order"/>, whatever the
    /// registration order.
    /// Each limit is registered only when its flag enables it. Needs <see cref="IClusterRegistry"/> and
    /// <see cref="GatewayOptions"/>; the <see cref="ClusterTransportCache"/> uses the credential cache.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">Gateway options.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddClusterTraffic(this IServiceCollection services, GatewayOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<ProxyMetrics>();
        services.AddSingleton<MetricsCollector>();
        services.AddSingleton<ExecPluginRunner>();
        services.AddSingleton<ExecCredentialCache>();

        services.AddSingleton<IProxyFilter, ProxyMetricsFilter>();
        if (options.FastFailUnhealthyClusters)
        {
            services.AddSingleton<IProxyFilter, UnhealthyClusterFilter>();
        }

        if (options.ProxyQpsPerCluster > 0)
        {
            services.AddSingleton<IProxyFilter>(sp => new RateLimitFilter(sp.GetRequiredService<IClusterRegistry>(),
                options.ProxyQpsPerCluster, options.ProxyBurstPerCluster));
        }

        if (options.ProxyMaxInflightPerCluster > 0)
        {
            services.AddSingleton<IProxyFilter>(sp => new ConcurrencyLimitFilter(sp.GetRequiredService<IClusterRegistry>(),
                options.ProxyMaxInflightPerCluster));
        }

        services.AddSingleton<IProxyFilter, ExecCredentialFilter>();
        return services;
    }
}
