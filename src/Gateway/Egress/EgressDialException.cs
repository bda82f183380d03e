namespace ClusterGateway.Gateway.Egress;

/// <summary>A tunnel could not be opened; the message says by whom and why (shown to callers in a 503 Status).</summary>
internal sealed class EgressDialException(string message, Exception? inner = null) : IOException(message, inner);
