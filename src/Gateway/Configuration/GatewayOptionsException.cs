namespace ClusterGateway.Gateway.Configuration;

/// <summary>A flag or configuration value is invalid; the message names the flag and is shown to the user as is.</summary>
internal sealed class GatewayOptionsException(string message) : Exception(message);
