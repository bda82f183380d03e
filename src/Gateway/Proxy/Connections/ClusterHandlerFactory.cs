using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Egress;

namespace ClusterGateway.Gateway.Proxy.Connections;

/// <summary>
/// Builds the pooled <see cref="SocketsHttpHandler"/> of one cluster: TLS trust (<see cref="ClusterCertificateValidation"/>),
/// client certificate, <c>proxy-url</c> (<see cref="EgressProxy"/>) and the connect timeout, which bounds each request
/// (<see cref="ConnectTimeoutHandler"/>, fed by a <see cref="ConnectionTracker"/>). HTTP/2 is negotiated by
/// ALPN where the cluster offers it (requests ask for 2.0 or lower); several HTTP/2 connections are opened when one
/// runs out of streams (long watches hold streams).
/// </summary>
internal static class ClusterHandlerFactory
{
    /// <summary>Creates the handler.</summary>
    /// <param name="endpoint">The cluster's Const endpoint.</param>
    /// <param name="clientCertificate">PEM certificate and key to present, if any.</param>
    /// <param name="connectTimeout">TCP connect, proxy tunnel and TLS handshake together (<c>--upstream-connect-timeout</c>).</param>
    /// <param name="tunnel">For <c>ClusterProxy</c> clusters: the cluster-proxy dialer every connection is opened
    /// through (TLS to the cluster is layered on the tunnel and verified as usual); <see langword="null"/> to connect
    /// directly.</param>
    /// <param name="traced">Tracing is on: propagate the current span (the HttpClient client span) to the cluster.</param>
    /// <returns>The handler (the pool behind a <see cref="ConnectTimeoutHandler"/>); the caller owns it.</returns>
    /// <exception cref="ClusterTransportException">The CA bundle, client certificate or proxy-url is unusable.</exception>
    public static HttpMessageHandler Create(ClusterEndpointConst endpoint, X509? clientCertificate,
        TimeSpan connectTimeout, IEgressDialer? tunnel = null, bool traced = false)
    {
        var proxy = endpoint.ProxyUrl is { Length: > 0 } proxyUrl ? EgressProxy.Create(proxyUrl) : null;
        var tracker = new ConnectionTracker(connectTimeout,
            tunnel is not null ? ConnectionRoute.ClusterProxy
            : proxy is not null ? ConnectionRoute.ProxyUrl
            : ConnectionRoute.Direct);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = connectTimeout > TimeSpan.Zero ? connectTimeout : Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            EnableMultipleHttp2Connections = true,
            UseProxy = proxy is not null,
            Proxy = proxy,
            // Without tracing, trace headers are the caller's business: inject nothing (and no per-request
            // diagnostics handler). With it, the client span's context (W3C traceparent) goes to the cluster.
            ActivityHeadersPropagator = traced ? DistributedContextPropagator.Current : null,
            // Counts open connections; HTTP/1.1 connections expand packed repeated header lines
            // (Impersonate-Group, ...) on the wire.
            PlaintextStreamFilter = (context, _) => ValueTask.FromResult(tracker.Opened(
                context.NegotiatedHttpVersion == HttpVersion.Version11
                    ? new RepeatedHeaderStream(context.PlaintextStream)
                    : context.PlaintextStream)),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var stream = tunnel is not null
                    ? await tunnel.DialAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken)
                    : await ConnectTcpAsync(context.DnsEndPoint, proxy is not null, cancellationToken);
                tracker.TransportUp();
                return stream;
            },
        };

        var roots = endpoint.CaBundle is { Length: > 0 } pem ? ClusterCertificateValidation.LoadCa(pem) : null;
        var endpointHost = Uri.TryCreate(endpoint.Address, UriKind.Absolute, out var address) ? address.IdnHost : "";
        var httpsProxyHost = proxy?.Address is { Scheme: "https" } proxyAddress ? proxyAddress.IdnHost : null;
        handler.SslOptions.RemoteCertificateValidationCallback = ClusterCertificateValidation.Create(
            roots, endpoint.Insecure == true, endpoint.TlsServerName, httpsProxyHost, endpointHost, tracker.Rejected);

        if (clientCertificate is not null)
        {
            // A certificate context is always offered, whatever issuers the server lists (SslStream otherwise
            // filters ClientCertificates by them and may silently send none).
            handler.SslOptions.ClientCertificateContext = SslStreamCertificateContext.Create(
                LoadClientCertificate(clientCertificate), additionalCertificates: null, offline: true);
        }

        return new ConnectTimeoutHandler(handler, connectTimeout, tracker);
    }

    // SocketsHttpHandler's own connect (a dual-mode socket tries every address of the name), with failures worded.
    private static async ValueTask<Stream> ConnectTcpAsync(DnsEndPoint target, bool toProxy,
        CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var where = $"{(toProxy ? "the proxy-url " : "")}{target.Host}:{target.Port}";
            throw new ClusterUnreachableException(e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"connection refused by {where}",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
                    $"the host name {target.Host} could not be resolved",
                SocketError.TimedOut => $"TCP connection to {where} timed out",
                SocketError.NetworkUnreachable or SocketError.NetworkDown => $"network unreachable for {where}",
                SocketError.HostUnreachable or SocketError.HostDown => $"host unreachable: {where}",
                _ => $"TCP connection to {where} failed ({e.SocketErrorCode})",
            }, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Loads a PEM certificate and key as a certificate with a usable private key.</summary>
    /// <param name="x509">PEM certificate and key.</param>
    /// <returns>The certificate.</returns>
    /// <exception cref="ClusterTransportException">They do not parse or do not match.</exception>
    public static X509Certificate2 LoadClientCertificate(X509 x509)
    {
        try
        {
            using var pemCertificate = X509Certificate2.CreateFromPem(
                System.Text.Encoding.UTF8.GetString(x509.Certificate),
                System.Text.Encoding.UTF8.GetString(x509.PrivateKey));
            // A PKCS#12 round trip gives SslStream a persisted key on every platform.
            return X509CertificateLoader.LoadPkcs12(pemCertificate.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new ClusterTransportException(
                "the client certificate and key are not valid PEM or do not belong together", e);
        }
    }
}
