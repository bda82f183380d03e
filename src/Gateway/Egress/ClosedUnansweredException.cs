namespace ClusterGateway.Gateway.Egress;

/// <summary>An I/O failure on a connection to the proxy server before the server sent a byte (see
/// <see cref="ProxyServerTrust.ClosedUnanswered(string)"/>); the original failure is the inner exception.</summary>
/// <param name="inner">What the connection threw.</param>
internal sealed class ClosedUnansweredException(IOException inner)
    : IOException("the proxy server closed the connection before it sent anything", inner);
