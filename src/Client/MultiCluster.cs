using k8s;
using k8s.Exceptions;

namespace ClusterGateway.Client;

/// <summary>
/// KubernetesClient clients for managed clusters behind a ClusterGateway hub: the C# counterpart of upstream's Go
/// package <c>multicluster</c> (<c>pkg/apis/cluster/transport/*.go</c> in oam-dev/cluster-gateway), which wraps a
/// client-go transport so every request goes to <c>clustergateways/{cluster}/proxy</c>.
/// </summary>
public static class MultiCluster
{
    /// <summary>
    /// An <see cref="IKubernetes"/> for <paramref name="cluster"/>: typed calls, list and watch (streamed), and exec,
    /// attach and port-forward over WebSocket all go to the hub's
    /// <c>/apis/cluster.core.oam.dev/v1alpha1/clustergateways/{cluster}/proxy/...</c>, authenticated with the hub
    /// credential of <paramref name="hub"/> (token, client certificate, exec plugin) and verified against its CA.
    /// Errors are KubernetesClient's: the managed cluster's (or the gateway's) Status in
    /// <c>k8s.Autorest.HttpOperationException</c>; a 404 Status from the gateway when the ClusterGateway does not
    /// exist.
    /// </summary>
    /// <param name="hub">The hub configuration, e.g. from
    /// <see cref="KubernetesClientConfiguration.BuildConfigFromConfigFile(string, string, string, bool)"/> or
    /// <see cref="KubernetesClientConfiguration.InClusterConfig"/>. Not modified.</param>
    /// <param name="cluster">The ClusterGateway name, e.g. <c>c1</c>; percent-encoded in the path.</param>
    /// <param name="handlers">Further handlers, outermost first; they see requests before the rewrite.</param>
    /// <returns>A client to dispose when done.</returns>
    /// <exception cref="ArgumentException">The name is empty, <c>.</c> or <c>..</c>.</exception>
    /// <exception cref="KubeConfigException"><paramref name="hub"/> has no usable host URL.</exception>
    public static IKubernetes ForCluster(KubernetesClientConfiguration hub, string cluster,
        params DelegatingHandler[] handlers)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(handlers);
        ClusterGatewayPaths.ValidateClusterName(cluster);
        var server = HubServer(hub);
        // Innermost, so the caller's handlers (logging, metrics, retries) see the request as the caller made it.
        DelegatingHandler[] pipeline = [.. handlers, new ClusterGatewayHandler(server, cluster)];
        return new Kubernetes(hub, pipeline)
        {
            CreateWebSocketBuilder = () => new ClusterGatewayWebSocketBuilder(server, cluster),
        };
    }

    /// <summary>As <see cref="ForCluster(KubernetesClientConfiguration, string, DelegatingHandler[])"/>, with the hub
    /// configuration read from a kubeconfig file.</summary>
    /// <param name="kubeconfigPath">The hub kubeconfig file.</param>
    /// <param name="cluster">The ClusterGateway name.</param>
    /// <param name="context">The kubeconfig context; <see langword="null"/> for its current context.</param>
    /// <returns>A client to dispose when done.</returns>
    /// <exception cref="KubeConfigException">The kubeconfig cannot be used.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IKubernetes ForCluster(string kubeconfigPath, string cluster, string? context = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(kubeconfigPath);
        return ForCluster(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath, context), cluster);
    }

    /// <summary>A <see cref="ClusterGatewayHandler"/> for <paramref name="cluster"/> on the hub of
    /// <paramref name="hub"/>, for an <see cref="HttpClient"/> that authenticates to the hub itself.</summary>
    /// <param name="hub">The hub configuration; only its host URL is used.</param>
    /// <param name="cluster">The ClusterGateway name.</param>
    /// <returns>The handler; set its inner handler.</returns>
    /// <exception cref="KubeConfigException"><paramref name="hub"/> has no usable host URL.</exception>
    public static ClusterGatewayHandler CreateHandler(KubernetesClientConfiguration hub, string cluster)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return new ClusterGatewayHandler(HubServer(hub), cluster);
    }

    private static Uri HubServer(KubernetesClientConfiguration hub) =>
        Uri.TryCreate(hub.Host, UriKind.Absolute, out var server)
            ? server
            : throw new KubeConfigException($"hub host URL '{hub.Host}' is not an absolute URL");
}
