namespace ClusterGateway.Gateway.Proxy.Credentials;

/// <summary>A credential a plugin run issued, and when to renew it.</summary>
/// <param name="Credential">The credential.</param>
/// <param name="RenewAt">From then on the next request runs the plugin again (<see cref="DateTimeOffset.MaxValue"/>:
/// never, until a 401).</param>
internal sealed record IssuedCredential(ExecCredential Credential, DateTimeOffset RenewAt);
