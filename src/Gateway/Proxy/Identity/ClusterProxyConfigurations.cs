using System.Runtime.CompilerServices;
using ClusterGateway.Crds;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;

namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// Per-cluster ClientIdentityExchanger rules: the annotation
/// <c>cluster.core.oam.dev/cluster-gateway-proxy-configuration</c> of a cluster's Secret, carried in memory as
/// <see cref="ClusterGatewaySpec.ProxyConfiguration"/>, parsed once per spec object (a new Secret revision is a new
/// spec) and cached for as long as that spec lives.
/// </summary>
/// <remarks>
/// Validated when the cluster is loaded: as a hosted service it parses every cluster of the registry and every one
/// that changes, and logs an invalid annotation once (warning, naming the cluster, the rule and the problem). An
/// invalid annotation never makes the cluster disappear and never affects other clusters: only that cluster's
/// impersonating proxy requests are refused, with a 503 naming the problem.
/// </remarks>
/// <param name="registry">The cluster registry.</param>
/// <param name="logger">Logs invalid annotations.</param>
internal sealed partial class ClusterProxyConfigurations(IClusterRegistry registry,
    ILogger<ClusterProxyConfigurations> logger) : IHostedService
{
    private readonly ConditionalWeakTable<ClusterGatewaySpec, ClusterProxyRules> _parsed = [];

    /// <summary>The rules of <paramref name="gateway"/>.</summary>
    /// <param name="gateway">The cluster.</param>
    /// <returns>The rules, or the reason they are invalid.</returns>
    public ClusterProxyRules Get(V1Alpha1ClusterGateway gateway) =>
        string.IsNullOrWhiteSpace(gateway.Spec.ProxyConfiguration)
            ? ClusterProxyRules.None
            : _parsed.GetValue(gateway.Spec, spec => Parse(gateway.Metadata.Name ?? "", spec.ProxyConfiguration!));

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.Changed += OnChanged;
        foreach (var entry in registry.Snapshot.Values)
        {
            Validate(entry);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        registry.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(IReadOnlyList<ClusterChange> changes)
    {
        foreach (var change in changes)
        {
            Validate(change.New);
        }
    }

    private void Validate(ClusterEntry? entry)
    {
        if (entry?.Gateway is { } gateway)
        {
            Get(gateway);
        }
    }

    private ClusterProxyRules Parse(string cluster, string text)
    {
        try
        {
            var configuration = ProxyConfigurationParser.Parse(text);
            Log.Loaded(logger, cluster, configuration.Rules.Count);
            return new ClusterProxyRules(configuration, null);
        }
        catch (FormatException e)
        {
            var error = $"annotation {SecretKeys.ProxyConfigurationAnnotation} is invalid: {e.Message}";
            Log.Invalid(logger, cluster, error);
            return new ClusterProxyRules(null, error);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 351, Level = LogLevel.Debug,
            Message = "Cluster {Cluster} has {Count} identity exchange rules of its own")]
        public static partial void Loaded(ILogger logger, string cluster, int count);

        [LoggerMessage(EventId = 352, Level = LogLevel.Warning,
            Message = "Cluster {Cluster}: {Error}; its proxy refuses impersonating requests until the Secret is fixed")]
        public static partial void Invalid(ILogger logger, string cluster, string error);
    }
}
