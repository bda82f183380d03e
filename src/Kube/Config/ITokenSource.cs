namespace ClusterGateway.Kube.Config;

/// <summary>
/// Supplies the bearer token sent as <c>Authorization: Bearer {token}</c> on every request
/// (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#putting-a-bearer-token-in-a-request).
/// Called once per request, so implementations cache.
/// </summary>
public interface ITokenSource
{
    /// <summary>Returns the current token.</summary>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The token, or <see langword="null"/>/empty to send no <c>Authorization</c> header.</returns>
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}
