using System.Security.Cryptography;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Egress;
using ClusterGateway.Gateway.Proxy.Connections;
using ClusterGateway.Gateway.Proxy.Credentials;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// How to reach one cluster: its endpoint, a pooled <see cref="HttpMessageInvoker"/> carrying the TLS trust, client
/// certificate and <c>proxy-url</c>, and the bearer token to add per request. Built from a ClusterGateway; the invoker
/// is shared with the next version of the same cluster when only the token or status changed (<see cref="HandlerKey"/>).
/// Plain and upgrade requests use the same invoker. A Dynamic cluster's invoker is an <see cref="ExecCredentialHandler"/>
/// that applies the exec plugin's credential per request.
/// </summary>
internal sealed class ClusterTransport
{
    private ClusterTransport(V1Alpha1ClusterGateway gateway, Uri endpoint, HandlerKey key, HttpMessageInvoker invoker,
        string? token, ExecPlugin? execPlugin)
    {
        Gateway = gateway;
        Endpoint = endpoint;
        Key = key;
        Invoker = invoker;
        BearerToken = token;
        BearerAuthorization = token is { Length: > 0 } ? "Bearer " + token : null;
        ExecPlugin = execPlugin;
    }

    /// <summary>The ClusterGateway this transport was built from (reference identity tells staleness).</summary>
    public V1Alpha1ClusterGateway Gateway { get; }

    /// <summary>Cluster API server base URL; its path is a prefix of every proxied path.</summary>
    public Uri Endpoint { get; }

    /// <summary>What the pooled handler depends on.</summary>
    public HandlerKey Key { get; }

    /// <summary>Pooled connections to the cluster (never disposed while requests may still stream on it).</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>Bearer token for <c>ServiceAccountToken</c> credentials.</summary>
    public string? BearerToken { get; }

    /// <summary><c>Bearer {BearerToken}</c>, built once; null without a token.</summary>
    public string? BearerAuthorization { get; }

    /// <summary>The exec credential plugin of a <c>Dynamic</c> cluster.</summary>
    public ExecPlugin? ExecPlugin { get; }

    /// <summary>Builds the transport, reusing <paramref name="previous"/>'s connection pool when its key still matches.</summary>
    /// <param name="gateway">A valid ClusterGateway (Const or ClusterProxy endpoint).</param>
    /// <param name="previous">The transport of the cluster's previous version, if any.</param>
    /// <param name="connectTimeout">Connect + proxy tunnel + TLS handshake timeout (<c>--upstream-connect-timeout</c>).</param>
    /// <param name="credentials">Exec credential cache for Dynamic clusters.</param>
    /// <param name="egress">The cluster-proxy dialer for ClusterProxy endpoints.</param>
    /// <param name="traced">Tracing is on: the connections propagate the client span's trace context.</param>
    /// <returns>The transport.</returns>
    /// <exception cref="ClusterTransportException">The endpoint, proxy-url or credential cannot be used, or the
    /// endpoint is ClusterProxy and no <c>--proxy-host</c> is configured.</exception>
    public static ClusterTransport Create(V1Alpha1ClusterGateway gateway, ClusterTransport? previous,
        TimeSpan connectTimeout, ExecCredentialCache credentials, ClusterProxyEgress egress, bool traced = false)
    {
        var access = gateway.Spec.Access;
        var (endpoint, tunnel) = access.Endpoint switch
        {
            { Type: EndpointTypes.Const, Const: { } fixedEndpoint } => (fixedEndpoint, null),
            { Type: EndpointTypes.ClusterProxy } => (ClusterProxyEndpoint(gateway, egress), egress.Dialer),
            _ => throw new ClusterTransportException(
                $"endpoint type {access.Endpoint.Type} is not supported by this gateway"),
        };

        if (!Uri.TryCreate(endpoint.Address, UriKind.Absolute, out var uri))
        {
            throw new ClusterTransportException($"invalid endpoint \"{endpoint.Address}\"");
        }

        var execPlugin = ReadExecPlugin(gateway, endpoint);
        var key = new HandlerKey(
            uri.GetLeftPart(UriPartial.Authority),
            Hash(endpoint.CaBundle),
            endpoint.Insecure == true,
            tunnel is null ? endpoint.ProxyUrl : $"cluster-proxy://{egress.Server}",
            Hash(access.Credential?.X509?.Certificate),
            Hash(access.Credential?.X509?.PrivateKey),
            endpoint.TlsServerName,
            execPlugin?.Key);
        if (previous is not null && previous.Key == key)
        {
            return new ClusterTransport(gateway, uri, key, previous.Invoker, access.Credential?.ServiceAccountToken,
                previous.ExecPlugin);
        }

        HttpMessageHandler handler = execPlugin is null
            ? ClusterHandlerFactory.Create(endpoint, access.Credential?.X509, connectTimeout, tunnel, traced)
            : new ExecCredentialHandler(execPlugin, credentials,
                x509 => ClusterHandlerFactory.Create(endpoint, x509, connectTimeout, tunnel, traced));
        if (execPlugin is not null)
        {
            // Fail on a bad CA bundle or proxy-url now, not on the first request.
            ClusterHandlerFactory.Create(endpoint, null, connectTimeout).Dispose();
        }

        return new ClusterTransport(gateway, uri, key, new HttpMessageInvoker(handler, disposeHandler: true),
            access.Credential?.ServiceAccountToken, execPlugin);
    }

    // https://<cluster-name>:443 through the tunnel (upstream's address), verified with the Secret's CA, insecure
    // opt-in and tls-server-name (ClusterEndpoint.Tunnel); the certificate name checked is the cluster name.
    private static ClusterEndpointConst ClusterProxyEndpoint(V1Alpha1ClusterGateway gateway, ClusterProxyEgress egress)
    {
        if (egress.Dialer is null)
        {
            throw new ClusterTransportException(
                "endpoint type ClusterProxy needs the OCM cluster-proxy server, but --proxy-host is not set");
        }

        var tls = gateway.Spec.Access.Endpoint.Tunnel;
        return new ClusterEndpointConst
        {
            Address = $"https://{gateway.Metadata.Name}:443",
            CaBundle = tls?.CaBundle,
            Insecure = tls?.Insecure,
            TlsServerName = tls?.TlsServerName,
        };
    }

    private static ExecPlugin? ReadExecPlugin(V1Alpha1ClusterGateway gateway, ClusterEndpointConst endpoint)
    {
        if (gateway.Spec.Access.Credential is not { Type: CredentialTypes.Dynamic } credential)
        {
            return null;
        }

        if (credential.ExecConfig is not { } config)
        {
            throw new ClusterTransportException("exec config not provided");
        }

        try
        {
            return ExecPlugin.From(gateway.Metadata.Name ?? "", config, endpoint);
        }
        catch (ExecCredentialException e)
        {
            throw new ClusterTransportException(e.Message);
        }
    }

    private static string? Hash(byte[]? data) => data is null ? null : Convert.ToHexString(SHA256.HashData(data));

    /// <summary>Everything the pooled handler depends on; equal keys share one connection pool.</summary>
    /// <param name="Authority">Scheme, host and port of the endpoint.</param>
    /// <param name="CaHash">SHA-256 of the CA bundle.</param>
    /// <param name="Insecure">TLS verification skipped.</param>
    /// <param name="ProxyUrl">Egress proxy.</param>
    /// <param name="CertificateHash">SHA-256 of the client certificate.</param>
    /// <param name="KeyHash">SHA-256 of the client key.</param>
    /// <param name="ServerName">TLS name to verify instead of the endpoint host.</param>
    /// <param name="ExecKey">The exec plugin's <see cref="Credentials.ExecPlugin.Key"/> (Dynamic clusters; the
    /// certificate it issues selects a pool inside the <see cref="ExecCredentialHandler"/>).</param>
    internal sealed record HandlerKey(string Authority, string? CaHash, bool Insecure, string? ProxyUrl,
        string? CertificateHash, string? KeyHash, string? ServerName, string? ExecKey);
}
