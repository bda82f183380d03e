using System.Security.Cryptography;
using ClusterGateway.Gateway.Configuration;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// Where the registry's revisions (the <c>resourceVersion</c>s of clustergateways) come from.
/// <para>
/// Hub (<see cref="FromHub"/>): the hub's own resourceVersions (etcd revisions of the Secrets, and of the
/// ManagedClusters with OCM integration), so replicas serving the same hub issue the same revision for the same
/// change and a watch can resume on another replica. A change is recorded at its hub revision when that is above
/// the registry's; a relist or a change without such a revision resets the history instead (see
/// <see cref="ClusterRegistry"/>).
/// </para>
/// <para>
/// Local (files, imported kubeconfig): a per-process counter starting at <see cref="Base"/>, a random multiple of
/// 2^32, so the revisions of two processes do not overlap and a resume with a revision this process never issued is
/// refused (410 Expired) instead of being read as one of its own.
/// </para>
/// </summary>
/// <param name="FromHub">Whether revisions are the hub's resourceVersions.</param>
/// <param name="Base">Local: the revision before the first change; hub: 0.</param>
internal sealed record ClusterRevisionScheme(bool FromHub, long Base)
{
    /// <summary>Revisions from the hub's resourceVersions.</summary>
    public static ClusterRevisionScheme Hub { get; } = new(true, 0);

    /// <summary>A local counter from 0 (tests; not safe across processes).</summary>
    public static ClusterRevisionScheme Counter { get; } = new(false, 0);

    /// <summary>The scheme of a gateway with <paramref name="options"/>: hub mode or this process's own epoch.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The scheme.</returns>
    public static ClusterRevisionScheme For(GatewayOptions options) =>
        options.IsLocalMode ? new ClusterRevisionScheme(false, (long)RandomNumberGenerator.GetInt32(1, 1 << 30) << 32) : Hub;
}
