using System.Globalization;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Models;

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

    /// <summary>
    /// Set by a source: the revision it knows for the object (a Secret's numeric <c>resourceVersion</c>), or 0.
    /// In the registry's snapshot: the revision the entry was published with (see <see cref="ClusterRegistry"/>),
    /// also the <c>metadata.resourceVersion</c> of <see cref="Gateway"/>.
    /// </summary>
    public long Revision { get; init; }

    /// <summary>
    /// The <c>resourceVersion</c> of the source object itself (hub mode: the cluster Secret's, which can be lower than
    /// <see cref="Revision"/> when a ManagedCluster is merged in); <see langword="null"/> for sources without one.
    /// The health subresource writes the Secret with it as precondition and waits until an entry carries its write's.
    /// </summary>
    public string? SourceVersion { get; init; }

    /// <summary>
    /// A copy stamped with <paramref name="revision"/>: <see cref="Revision"/> and a shallow copy of
    /// <see cref="Gateway"/> whose <c>metadata</c> is copied with <c>resourceVersion</c> set (spec and status are shared,
    /// never mutated). The source's own objects stay untouched.
    /// </summary>
    /// <param name="revision">The revision.</param>
    /// <returns>The stamped entry.</returns>
    public ClusterEntry WithRevision(long revision) => this with
    {
        Revision = revision,
        Gateway = Gateway is { } gateway ? Stamp(gateway, revision.ToString(CultureInfo.InvariantCulture)) : null,
    };

    private static V1Alpha1ClusterGateway Stamp(V1Alpha1ClusterGateway gateway, string resourceVersion)
    {
        var metadata = gateway.Metadata;
        return new V1Alpha1ClusterGateway
        {
            ApiVersion = gateway.ApiVersion,
            Kind = gateway.Kind,
            Metadata = new ObjectMeta
            {
                Name = metadata.Name,
                Namespace = metadata.Namespace,
                Uid = metadata.Uid,
                ResourceVersion = resourceVersion,
                Generation = metadata.Generation,
                CreationTimestamp = metadata.CreationTimestamp,
                DeletionTimestamp = metadata.DeletionTimestamp,
                Labels = metadata.Labels,
                Annotations = metadata.Annotations,
                Finalizers = metadata.Finalizers,
                OwnerReferences = metadata.OwnerReferences,
                Extra = metadata.Extra,
            },
            Spec = gateway.Spec,
            Status = gateway.Status,
        };
    }
}
