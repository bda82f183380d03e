using k8s;

namespace ClusterGateway.Client;

/// <summary>
/// Reads of the ClusterGateway resource on the hub (<c>cluster.core.oam.dev/v1alpha1</c>, cluster-scoped, read-only,
/// served by the gateway from cluster Secrets), in KubernetesClient's style. Failures surface as KubernetesClient's
/// <c>k8s.Autorest.HttpOperationException</c> carrying the hub's Status (403 without RBAC on
/// <c>clustergateways</c>, 404 for an unknown name or when the APIService is not registered).
/// </summary>
public static class ClusterGatewayOperations
{
    /// <summary>Lists ClusterGateways (<c>GET /apis/cluster.core.oam.dev/v1alpha1/clustergateways</c>).</summary>
    /// <param name="hub">A client for the hub (not for a managed cluster).</param>
    /// <param name="labelSelector">Optional label selector, e.g. <c>env=prod</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The list; <see cref="V1alpha1ClusterGatewayList.Items"/> in the gateway's order (by name).</returns>
    public static Task<V1alpha1ClusterGatewayList> ListClusterGatewayAsync(this IKubernetes hub,
        string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return hub.CustomObjects.ListClusterCustomObjectAsync<V1alpha1ClusterGatewayList>(
            ClusterGatewayPaths.Group, ClusterGatewayPaths.Version, ClusterGatewayPaths.Plural,
            labelSelector: labelSelector, cancellationToken: cancellationToken);
    }

    /// <summary>Reads one ClusterGateway (<c>GET .../clustergateways/{name}</c>).</summary>
    /// <param name="hub">A client for the hub.</param>
    /// <param name="name">The ClusterGateway name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The ClusterGateway.</returns>
    public static Task<V1alpha1ClusterGateway> ReadClusterGatewayAsync(this IKubernetes hub, string name,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return hub.CustomObjects.GetClusterCustomObjectAsync<V1alpha1ClusterGateway>(
            ClusterGatewayPaths.Group, ClusterGatewayPaths.Version, ClusterGatewayPaths.Plural, name,
            cancellationToken);
    }
}
