namespace ClusterGateway.Gateway.Security;

/// <summary>What <see cref="GatewayAuthenticator"/> found out about a request.</summary>
/// <param name="User">The user (with <c>system:authenticated</c>), or <see langword="null"/>: 401.</param>
/// <param name="Errors">Why credentials that were presented failed (for the log; never contains a token).</param>
internal sealed record AuthenticationResult(KubeUser? User, IReadOnlyList<string> Errors);
