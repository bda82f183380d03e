namespace ClusterGateway.Gateway.Proxy;

/// <summary>A cluster's access record cannot be turned into a transport; the message says why in words (not which
/// cluster, never an inner exception's text).</summary>
/// <param name="message">The cause.</param>
/// <param name="inner">The failure behind it, for logs.</param>
internal sealed class ClusterTransportException(string message, Exception? inner = null) : Exception(message, inner);
