using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;

namespace ClusterGateway.Gateway.Ocm;

/// <summary>
/// Merges a cluster Secret's entry with its OCM ManagedCluster of the same name (upstream
/// <c>pkg/apis/cluster/v1alpha1/clustergateway_types_secret.go</c> <c>convertFromManagedClusterAndSecret</c>):
/// a Const endpoint takes its address and CA from <c>spec.managedClusterClientConfigs[0]</c> (<c>url</c>,
/// <c>caBundle</c>; the Secret's other endpoint keys stay), and <c>status</c> comes from the
/// <c>ManagedClusterConditionAvailable</c> condition (<c>True</c> → healthy; <c>False</c>/<c>Unknown</c> → not healthy,
/// reason = the condition's <c>reason</c>, else its <c>message</c>). The Secret's health stays instead when it is a fresh
/// probe result (<see cref="Health.ProbeFreshness"/>: written through the health subresource, it observes reachability
/// through the gateway directly) or when the ManagedCluster has no such condition.
/// </summary>
internal static class ManagedClusterMerge
{
    /// <summary>
    /// The merged entry. <paramref name="entry"/> must be freshly converted (its gateway is changed in place, never a
    /// published one). An invalid entry stays as it is. A ManagedCluster without a usable first URL is ignored for
    /// the endpoint (reported through <paramref name="problem"/>); if the Secret has no <c>endpoint</c> either, the
    /// entry becomes invalid with that error.
    /// </summary>
    /// <param name="entry">The Secret's entry, converted with an optional <c>endpoint</c> key.</param>
    /// <param name="cluster">The ManagedCluster of the same name.</param>
    /// <param name="probeWins">The Secret's health is a fresh probe result, which outranks the Available condition.</param>
    /// <param name="problem">Why the ManagedCluster's endpoint was ignored, e.g. <c>spec.managedClusterClientConfigs[0].url "x" is not an absolute http(s) URL</c>.</param>
    /// <returns>The merged entry.</returns>
    public static ClusterEntry Apply(ClusterEntry entry, ManagedCluster cluster, bool probeWins, out string? problem)
    {
        problem = null;
        if (entry.Gateway is not { } gateway)
        {
            return entry;
        }

        var endpoint = gateway.Spec.Access.Endpoint;
        if (string.Equals(endpoint.Type, EndpointTypes.Const, StringComparison.Ordinal))
        {
            var target = endpoint.Const ??= new ClusterEndpointConst();
            var config = cluster.Spec?.ManagedClusterClientConfigs?.FirstOrDefault();
            problem = CheckUrl(config?.Url);
            if (problem is null)
            {
                target.Address = config!.Url!.Trim();
                target.CaBundle = config.CaBundle is { Length: > 0 } ca ? ca : target.CaBundle;
            }
            else if (target.Address.Length == 0)
            {
                return entry with
                {
                    Gateway = null,
                    Error = $"{entry.Source}: data key \"endpoint\" is missing and ManagedCluster " +
                        $"{cluster.Metadata.Name} gives no endpoint: {problem}",
                };
            }
        }

        if (!probeWins && Available(cluster) is { } available)
        {
            var healthy = string.Equals(available.Status, "True", StringComparison.Ordinal);
            gateway.Status = new ClusterGatewayStatus
            {
                Healthy = healthy,
                HealthyReason = healthy ? null : NullIfEmpty(available.Reason) ?? NullIfEmpty(available.Message),
            };
        }

        return entry;
    }

    private static ManagedClusterCondition? Available(ManagedCluster cluster) =>
        cluster.Status?.Conditions?.FirstOrDefault(c =>
            string.Equals(c.Type, ManagedClusterStatus.AvailableCondition, StringComparison.Ordinal));

    private static string? CheckUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "spec.managedClusterClientConfigs[0].url is missing";
        }

        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) &&
            (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? null
            : $"spec.managedClusterClientConfigs[0].url \"{url}\" is not an absolute http(s) URL";
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
