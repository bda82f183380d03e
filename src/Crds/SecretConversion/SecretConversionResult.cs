using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.Crds.SecretConversion;

/// <summary>
/// The outcome of converting one Secret. Three shapes:
/// not a cluster (<see cref="IsCluster"/> false, nothing else set: ignore the Secret silently);
/// a valid cluster (<see cref="Gateway"/> set, <see cref="Error"/> null);
/// an invalid cluster (<see cref="Gateway"/> null, <see cref="Error"/> says why, naming the Secret and the key).
/// </summary>
/// <param name="Name">The cluster name (= the Secret name).</param>
/// <param name="Gateway">The ClusterGateway; <see langword="null"/> when not a cluster or invalid.</param>
/// <param name="Error">
/// Every problem found, joined with <c>"; "</c>, prefixed with the Secret, e.g.
/// <c>Secret open-cluster-management-credentials/foo: data key "token" is missing or empty (required for credential
/// type ServiceAccountToken)</c>.
/// </param>
/// <param name="IsCluster">
/// Whether the Secret carries the label <c>cluster.core.oam.dev/cluster-credential-type</c>, i.e. claims to be a cluster.
/// </param>
public sealed record SecretConversionResult(string Name, V1Alpha1ClusterGateway? Gateway, string? Error, bool IsCluster)
{
    /// <summary>Whether the Secret is a cluster that can be served and proxied to.</summary>
    public bool IsValid => Gateway is not null;
}
