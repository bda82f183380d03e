using System.Security.Cryptography;
using ClusterGateway.Gateway.Configuration;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// Where the registry's revisions (the <c>resourceVersion</c>s of clustergateways) come from.
/// <para>
/// Hub (<see cref="FromHub"/>): the hub's own resourceVersions (etcd revisions of the Secrets, hub mode without
/// OCM integration), so replicas serving the same hub issue the same revision for the same
/// change and a watch can resume on another replica. A change is recorded at its hub revision when that is above
/// the registry's; a relist or a change without such a revision resets the history instead (see
/// <see cref="ClusterRegistry"/>).
/// </para>
/// <para>
/// Per process (files, imported kubeconfig, and hub mode with OCM integration): a counter starting at
/// <see cref="Base"/>, a random multiple of 2^32, so the revisions of two processes do not overlap and a resume with a
/// revision this process never issued is refused (410 Expired) instead of being read as one of its own.
/// </para>
/// <para>
/// Why OCM integration is per process: a merged ClusterGateway changes with two hub streams (Secrets and
/// ManagedClusters) that each replica receives on its own watch, so two replicas can apply the same events in
/// different interleavings. A single hub resourceVersion cannot say which events of the other stream a state already
/// holds, so a resume on another replica could skip one without an error. Refusing foreign revisions with 410 makes
/// the client relist instead (kube-apiserver's cacher answers a resume it cannot serve exactly the same way,
/// <c>staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go</c>). It also gives every content change its own
/// revision, including a probe result that goes stale without a hub write.
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

    /// <summary>
/// The scheme of a gateway with <paramref name="options"/>: the hub's resourceVersions when Secrets are the only
/// source, else this process's own.
/// </summary>
    /// <param name="options">The options.</param>
    /// <returns>The scheme.</returns>
    public static ClusterRevisionScheme For(GatewayOptions options) =>
        options.IsLocalMode || options.OcmIntegration ? PerProcess() : Hub;

    /// <summary>A counter from a random multiple of 2^32: this process's own revisions.</summary>
    /// <returns>The scheme.</returns>
    public static ClusterRevisionScheme PerProcess() =>
        new(false, (long)RandomNumberGenerator.GetInt32(1, 1 << 30) << 32);
}
