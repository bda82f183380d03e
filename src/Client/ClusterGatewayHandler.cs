namespace ClusterGateway.Client;

/// <summary>
/// A <see cref="DelegatingHandler"/> that sends every request addressed to the hub API server through one managed
/// cluster's proxy subresource instead: <c>https://hub/prefix/api/v1/pods?watch=1</c> becomes
/// <c>https://hub/prefix/apis/cluster.core.oam.dev/v1alpha1/clustergateways/{cluster}/proxy/api/v1/pods?watch=1</c>
/// (see <see cref="ClusterGatewayPaths.ToProxyUri"/>). Method, headers, body and query are untouched, so streaming
/// responses (watches, logs) and upgrades work as they do against the hub. The C# counterpart of upstream's
/// <c>NewProxyPathPrependingClusterGatewayRoundTripper</c> (<c>pkg/apis/cluster/transport/prependroundtripper.go</c>).
/// </summary>
/// <remarks>
/// <para>Use it with any <see cref="HttpClient"/> whose requests go to the hub (the caller authenticates to the hub
/// as usual; the gateway uses the cluster's own credential):</para>
/// <code>
/// using var http = new HttpClient(new ClusterGatewayHandler(hubUrl, "c1", new SocketsHttpHandler()))
///     { BaseAddress = hubUrl };
/// var namespaces = await http.GetStringAsync("api/v1/namespaces");
/// </code>
/// <para>A request message sent again (a retrying outer handler) is not rewritten twice. A request to another
/// server, or outside the hub URL's path prefix, fails with <see cref="InvalidOperationException"/> rather than
/// reaching the hub itself.</para>
/// </remarks>
public sealed class ClusterGatewayHandler : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<Uri> RewrittenKey = new("ClusterGateway.Client.ProxyUri");

    /// <summary>Creates the handler; set <see cref="DelegatingHandler.InnerHandler"/> before use (or pass it to
    /// a pipeline that does, e.g. <c>new Kubernetes(config, handler)</c>).</summary>
    /// <param name="hubServer">The hub API server URL (kubeconfig <c>server</c>); its path prefix is kept.</param>
    /// <param name="cluster">The ClusterGateway name, e.g. <c>c1</c>.</param>
    /// <exception cref="ArgumentException">The URL is not absolute, or the name is empty, <c>.</c> or
    /// <c>..</c>.</exception>
    public ClusterGatewayHandler(Uri hubServer, string cluster)
    {
        ArgumentNullException.ThrowIfNull(hubServer);
        if (!hubServer.IsAbsoluteUri)
        {
            throw new ArgumentException($"hub server URL '{hubServer}' is not absolute", nameof(hubServer));
        }

        ClusterGatewayPaths.ValidateClusterName(cluster);
        HubServer = hubServer;
        Cluster = cluster;
    }

    /// <summary>Creates the handler over <paramref name="innerHandler"/>.</summary>
    /// <param name="hubServer">The hub API server URL (kubeconfig <c>server</c>); its path prefix is kept.</param>
    /// <param name="cluster">The ClusterGateway name, e.g. <c>c1</c>.</param>
    /// <param name="innerHandler">The handler that sends the rewritten request, e.g. a
    /// <see cref="SocketsHttpHandler"/>.</param>
    /// <exception cref="ArgumentException">The URL is not absolute, or the name is empty, <c>.</c> or
    /// <c>..</c>.</exception>
    public ClusterGatewayHandler(Uri hubServer, string cluster, HttpMessageHandler innerHandler)
        : this(hubServer, cluster)
    {
        ArgumentNullException.ThrowIfNull(innerHandler);
        InnerHandler = innerHandler;
    }

    /// <summary>The hub API server URL requests are addressed to.</summary>
    public Uri HubServer { get; }

    /// <summary>The ClusterGateway every request goes through.</summary>
    public string Cluster { get; }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        Rewrite(request);
        return base.SendAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Rewrite(request);
        return base.Send(request, cancellationToken);
    }

    private void Rewrite(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("the request has no RequestUri");
        if (request.Options.TryGetValue(RewrittenKey, out var rewritten) && rewritten == uri)
        {
            return;
        }

        var proxied = ClusterGatewayPaths.ToProxyUri(uri, HubServer, Cluster);
        request.RequestUri = proxied;
        request.Options.Set(RewrittenKey, proxied);
    }
}
