namespace ClusterGateway.Gateway.Proxy.Identity;

/// <summary>
/// The identity the gateway impersonates on a managed cluster (client-go <c>rest.ImpersonationConfig</c>): sent as
/// <c>Impersonate-User</c>, <c>Impersonate-Uid</c>, one <c>Impersonate-Group</c> per group and
/// <c>Impersonate-Extra-&lt;key&gt;</c> per extra value (<see cref="ImpersonationHeaders"/>).
/// </summary>
/// <param name="User">User name; never empty (kube-apiserver refuses groups, UID or extras without a user).</param>
/// <param name="Uid">UID, or <see langword="null"/>.</param>
/// <param name="Groups">Groups (<c>system:authenticated</c>/<c>system:unauthenticated</c> are dropped when sent).</param>
/// <param name="Extra">Extra attributes by (unescaped) key.</param>
internal sealed record ImpersonatedIdentity(
    string User, string? Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    /// <summary>No extras.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> NoExtra { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
}
