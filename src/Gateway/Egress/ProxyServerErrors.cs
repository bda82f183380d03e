using System.Net.Sockets;
using System.Security.Authentication;
using ClusterGateway.Kube.Config;

namespace ClusterGateway.Gateway.Egress;

/// <summary>Words for a failed exchange with the cluster-proxy server, shared by both frontends' dialers.</summary>
internal static class ProxyServerErrors
{
    /// <summary>The cause of <paramref name="failure"/>, once.</summary>
    /// <param name="failure">What the exchange threw (not the caller's cancellation).</param>
    /// <param name="server">The proxy server as <c>host:port</c>.</param>
    /// <param name="address">The dialed destination, <c>host:port</c>.</param>
    /// <param name="dialTimeout">The dial timeout, for a timeout's message.</param>
    /// <param name="timedOut">Whether the dial timeout fired. A cancellation it did not cause (e.g. the connection
    /// closing under a pending request) is no timeout; a connect timeout below it (an inner
    /// <see cref="TimeoutException"/>) is one.</param>
    /// <param name="trust">What the TLS layer saw, if known.</param>
    /// <returns>The message for an <see cref="EgressDialException"/>.</returns>
    public static string Describe(Exception failure, string server, string address, TimeSpan dialTimeout,
        bool timedOut, ProxyServerTrust? trust)
    {
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current is ClosedUnansweredException)
            {
                return ProxyServerTrust.ClosedUnanswered(server);
            }

            if (current is SocketException socket)
            {
                return socket.SocketErrorCode == SocketError.ConnectionRefused
                    ? $"connection refused by proxy-server {server}"
                    : $"no connection to proxy-server {server} ({socket.SocketErrorCode})";
            }
        }

        if (timedOut || HasTimeout(failure))
        {
            return $"proxy-server {server} did not answer the dial to {address} within {GoDuration.Format(dialTimeout)}";
        }

        if (trust?.Explain(server) is { } tls)
        {
            return tls;
        }

        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current is AuthenticationException)
            {
                return $"TLS handshake with proxy-server {server} failed";
            }
        }

        return $"the exchange with proxy-server {server} for {address} broke off";
    }

    /// <summary>The caller's cancellation of a dial, as an exception that carries the caller's token.</summary>
    /// <remarks>
    /// A dial runs under a token linked to the caller's, so what the exchange throws carries the linked token.
    /// SocketsHttpHandler recognises a <c>ConnectCallback</c>'s cancellation only by its own token (its connect
    /// timeout or its request's cancellation; System.Net.Http <c>HttpConnectionPool.ConnectToTcpHostAsync</c>) and
    /// wraps any other <see cref="OperationCanceledException"/> into a plain connection failure, which would reach a
    /// caller as a cause-less 503 instead of the connect timeout.
    /// </remarks>
    /// <param name="failure">What the exchange threw when <paramref name="cancellationToken"/> was cancelled.</param>
    /// <param name="cancellationToken">The caller's token (cancelled).</param>
    /// <returns>The exception to throw.</returns>
    public static OperationCanceledException CallerCancelled(Exception failure, CancellationToken cancellationToken) =>
        new(failure.Message, failure, cancellationToken);

    // A connect timeout below the dial: SocketsHttpHandler's OperationCanceledException with an inner
    // TimeoutException, which Grpc.Net.Client may wrap once more.
    private static bool HasTimeout(Exception failure)
    {
        for (var current = failure.InnerException; current is not null; current = current.InnerException)
        {
            if (current is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
