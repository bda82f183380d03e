using System.Globalization;

namespace ClusterGateway.Gateway.Clusters;

/// <summary>
/// Registry revisions from Kubernetes <c>resourceVersion</c>s. resourceVersions are opaque to clients, but every
/// etcd-backed kube-apiserver issues positive decimal integers (etcd revisions), which is what lets replicas of the
/// gateway derive the same revision from the same Secret event.
/// </summary>
internal static class Revisions
{
    /// <summary>The revision a resourceVersion stands for; null when it is missing or not a positive integer.</summary>
    /// <param name="resourceVersion">A resourceVersion, e.g. <c>"12345"</c>.</param>
    /// <returns>The number, or null.</returns>
    public static long? FromResourceVersion(string? resourceVersion) =>
        long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : null;
}
