namespace ClusterGateway.Gateway.Security;

/// <summary>
/// The authenticated caller, as Kubernetes models it (<c>user.Info</c>, k8s.io/apiserver pkg/authentication/user):
/// name, UID, groups and extras. Set by authentication on every request that passes it; read by authorization,
/// the health subresource and impersonation.
/// </summary>
/// <param name="Name">User name, e.g. <c>alice</c> or <c>system:serviceaccount:ns:sa</c>.</param>
/// <param name="Uid">UID, when known.</param>
/// <param name="Groups">Groups, e.g. <c>system:authenticated</c>.</param>
/// <param name="Extra">Extra attributes by key (keys lower-case, unescaped).</param>
internal sealed record KubeUser(
    string Name, string? Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    /// <summary>The user of the gateway's own bearer token (<c>--token</c> / <c>--write-kubeconfig</c>).</summary>
    public static KubeUser Local { get; } = new("system:cluster-gateway:local", null,
        ["system:masters", "system:authenticated"], new Dictionary<string, IReadOnlyList<string>>());
}

/// <summary>Where authentication leaves the <see cref="KubeUser"/> on the request.</summary>
internal static class KubeUserHttpContextExtensions
{
    /// <summary>The authenticated user, or <see langword="null"/> before authentication or on always-allowed paths.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The user.</returns>
    public static KubeUser? GetKubeUser(this HttpContext context) =>
        Apiserver.RequestState.Of(context).User;

    /// <summary>Records the authenticated user.</summary>
    /// <param name="context">The request.</param>
    /// <param name="user">The user.</param>
    public static void SetKubeUser(this HttpContext context, KubeUser user) =>
        Apiserver.RequestState.Of(context).User = user;
}
