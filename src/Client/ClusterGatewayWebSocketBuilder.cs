using System.Net.WebSockets;
using k8s;

namespace ClusterGateway.Client;

/// <summary>
/// KubernetesClient opens exec, attach and port-forward WebSockets with a <see cref="WebSocketBuilder"/> on a URI it
/// builds from the hub URL itself (<c>Kubernetes.WebSocket.cs</c>), outside the HttpClient pipeline where
/// <see cref="ClusterGatewayHandler"/> sits; this builder applies the same rewrite to that URI.
/// </summary>
internal sealed class ClusterGatewayWebSocketBuilder(Uri hubServer, string cluster) : WebSocketBuilder
{
    public override Task<WebSocket> BuildAndConnectAsync(Uri uri, CancellationToken cancellationToken) =>
        base.BuildAndConnectAsync(ClusterGatewayPaths.ToProxyUri(uri, hubServer, cluster), cancellationToken);
}
