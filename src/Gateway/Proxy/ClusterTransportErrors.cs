using System.Net.Sockets;
using System.Security.Authentication;
using ClusterGateway.Gateway.Egress;
using ClusterGateway.Gateway.Proxy.Connections;

namespace ClusterGateway.Gateway.Proxy;

/// <summary>
/// Turns the exception chain of a failed send to a cluster into the one cause a 503 Status gives, once and in words
/// (never an internal exception text, never the same text twice). The connection code states causes itself where it
/// knows them (<see cref="ClusterUnreachableException"/>, <see cref="EgressDialException"/>); for anything else the
/// kind of failure is named.
/// </summary>
internal static class ClusterTransportErrors
{
    /// <summary>Describes a failure.</summary>
    /// <param name="failure">What the cluster's invoker threw (usually an <see cref="HttpRequestException"/>).</param>
    /// <returns>The cause, e.g. <c>connection refused by 10.0.0.1:6443</c>.</returns>
    public static string Describe(Exception failure)
    {
        // 1. A cause already in words: the outermost one knows the most.
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current is ClusterUnreachableException or EgressDialException)
            {
                return current.Message;
            }
        }

        // 2. Recognised technical causes.
        for (var current = failure; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SocketException socket:
                    return $"the connection to the cluster failed ({socket.SocketErrorCode})";
                case AuthenticationException:
                    return "TLS handshake with the cluster failed";
            }
        }

        // 3. By the kind of HTTP failure; an unknown one is worded by whoever threw it (e.g. the exec credential
        // handler), unless the connection just broke.
        return failure switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } =>
                "the cluster's host name could not be resolved",
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } =>
                "the connection to the cluster failed",
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } =>
                "TLS handshake with the cluster failed",
            HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } =>
                "the proxy-url did not open a tunnel to the cluster",
            HttpRequestException { HttpRequestError: HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse } =>
                "the cluster answered with invalid HTTP",
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } =>
                "the cluster closed the connection before answering",
            { InnerException: IOException or ObjectDisposedException } =>
                "the connection to the cluster closed unexpectedly",
            _ => failure.Message,
        };
    }
}
