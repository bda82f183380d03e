using ClusterGateway.Gateway.IO;

namespace ClusterGateway.Gateway.Egress;

/// <summary>
/// Hides the proxy connection's <see cref="System.Net.Security.SslStream"/> from SocketsHttpHandler: a ConnectCallback
/// that returns an SslStream is taken as the connection's own TLS, and the handshake with the managed apiserver would
/// be skipped (plain HTTP into the tunnel). Everything else passes straight through.
/// </summary>
/// <param name="inner">The proxy connection.</param>
internal sealed class TunnelStream(Stream inner) : DelegatingStream(inner);
