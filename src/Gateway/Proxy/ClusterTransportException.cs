namespace ClusterGateway.Gateway.Proxy;

/// <summary>A cluster's access record cannot be turned into a transport; the message says why (not which cluster).</summary>
internal sealed class ClusterTransportException(string message) : Exception(message);
