using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;

namespace ClusterGateway.Gateway.Hosting;

/// <summary>
/// The gateway's clients of the hub kube-apiserver (hub mode only): <see cref="Hub"/> for Secrets and health writes
/// (<c>--kubeconfig</c>, else in-cluster), <see cref="Authentication"/> for TokenReview and the
/// extension-apiserver-authentication ConfigMap (<c>--authentication-kubeconfig</c>, else the hub's) and
/// <see cref="Authorization"/> for SubjectAccessReview (<c>--authorization-kubeconfig</c>, else the hub's).
/// In local mode all three are <see langword="null"/>. Built at start, so a bad kubeconfig fails the start.
/// </summary>
internal sealed class HubConnection : IDisposable
{
    private readonly List<KubeClient> _owned = [];

    /// <summary>Creates the clients for <paramref name="options"/>.</summary>
    /// <param name="options">Gateway options.</param>
    /// <param name="loggerFactory">Logger factory for the clients.</param>
    /// <exception cref="KubeConfigException">A kubeconfig cannot be used.</exception>
    /// <exception cref="InvalidOperationException">Hub mode without a kubeconfig outside a cluster.</exception>
    public HubConnection(GatewayOptions options, ILoggerFactory loggerFactory)
    {
        if (options.IsLocalMode)
        {
            return;
        }

        var logger = loggerFactory.CreateLogger<KubeClient>();
        KubeClient Create(string? kubeconfig)
        {
            var client = new KubeClient(ClientOptions(kubeconfig), logger);
            _owned.Add(client);
            return client;
        }

        Hub = Create(options.Kubeconfig);
        Authentication = options.AuthenticationKubeconfig is { } authn ? Create(authn) : Hub;
        Authorization = options.AuthorizationKubeconfig is { } authz ? Create(authz) : Hub;
    }

    /// <summary>Whether the gateway runs against a hub.</summary>
    public bool IsHubMode => Hub is not null;

    /// <summary>Client for Secrets (informer, health writes).</summary>
    public KubeClient? Hub { get; }

    /// <summary>Client for TokenReview and the authentication ConfigMap.</summary>
    public KubeClient? Authentication { get; }

    /// <summary>Client for SubjectAccessReview.</summary>
    public KubeClient? Authorization { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var client in _owned)
        {
            client.Dispose();
        }
    }

    private static KubeClientOptions ClientOptions(string? kubeconfig)
    {
        if (kubeconfig is not null)
        {
            return KubeConfigLoader.Resolve(KubeConfigLoader.Load(kubeconfig)).ToClientOptions();
        }

        return InClusterConfig.IsAvailable
            ? InClusterConfig.Load()
            : throw new InvalidOperationException(
                "Hub mode needs --kubeconfig or an in-cluster service account; for local mode use --clusters-dir " +
                "or --import-kubeconfig.");
    }
}
