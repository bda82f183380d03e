namespace ClusterGateway.Kube.Client;

/// <summary>
/// The kind of PATCH body, sent as its <c>Content-Type</c>
/// (https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/).
/// </summary>
public enum PatchType
{
    /// <summary>JSON merge patch (RFC 7386), <c>application/merge-patch+json</c>.</summary>
    Merge,

    /// <summary>Strategic merge patch (built-in kinds only), <c>application/strategic-merge-patch+json</c>.</summary>
    Strategic,

    /// <summary>JSON patch (RFC 6902), <c>application/json-patch+json</c>.</summary>
    Json,

    /// <summary>
    /// Server-side apply, <c>application/apply-patch+yaml</c> (JSON is valid YAML); needs a field manager
    /// (https://kubernetes.io/docs/reference/using-api/server-side-apply/).
    /// </summary>
    Apply,
}
