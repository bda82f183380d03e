namespace ClusterGateway.Kube.Models;

/// <summary>
/// A Kubernetes object with <c>apiVersion</c>, <c>kind</c> and <c>metadata</c>.
/// Typed models implement it; <see cref="ResourceKind"/> tells the client where such objects live.
/// </summary>
public interface IKubernetesObject
{
    /// <summary><c>apiVersion</c>, e.g. <c>v1</c> or <c>cluster.core.oam.dev/v1alpha1</c>.</summary>
    string? ApiVersion { get; set; }

    /// <summary><c>kind</c>, e.g. <c>Secret</c>.</summary>
    string? Kind { get; set; }

    /// <summary>Standard object metadata.</summary>
    ObjectMeta Metadata { get; set; }
}
