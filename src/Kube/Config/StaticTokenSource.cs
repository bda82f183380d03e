namespace ClusterGateway.Kube.Config;

/// <summary>A fixed bearer token (kubeconfig <c>token</c>, a Secret's <c>token</c>).</summary>
/// <param name="token">The token.</param>
public sealed class StaticTokenSource(string token) : ITokenSource
{
    /// <summary>The token.</summary>
    public string Token { get; } = token;

    /// <inheritdoc/>
    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(Token);
}
