using ClusterGateway.Crds.V1Alpha1;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// One cluster known to the gateway: either a usable <see cref="Gateway"/> or, when its source (a Secret, a manifest
/// file, a kubeconfig context) is not a valid cluster, the <see cref="Error"/> that says why.
/// Exactly one of <see cref="Gateway"/> and <see cref="Error"/> is set.
/// </summary>
/// <param name="Name">Cluster name (the ClusterGateway name).</param>
/// <param name="Gateway">The ClusterGateway built from the source; <see langword="null"/> when invalid.</param>
/// <param name="Error">Why the source is not a valid cluster, e.g. <c>missing data key "token"</c>.</param>
/// <param name="Source">Where it came from, for messages: <c>Secret ns/name</c>, a file path, a kubeconfig context.</param>
internal sealed record ClusterEntry(string Name, V1Alpha1ClusterGateway? Gateway, string? Error, string Source)
{
    /// <summary>Whether the cluster can be listed and proxied to.</summary>
    public bool IsValid => Gateway is not null;
}
