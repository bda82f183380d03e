namespace ClusterGateway.Kube.Client;

/// <summary>
/// Query parameters of a list request (https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks,
/// https://kubernetes.io/docs/reference/using-api/api-concepts/#semantics-for-get-and-list).
/// </summary>
public sealed record ListOptions
{
    /// <summary><c>labelSelector</c>, e.g. <c>app=web,tier!=db</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary><c>fieldSelector</c>, e.g. <c>metadata.name=foo</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary><c>resourceVersion</c>: unset for a consistent read, <c>0</c> for any cached state.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary><c>limit</c>: page size; the response's <c>metadata.continue</c> fetches the next page.</summary>
    public int? Limit { get; init; }

    /// <summary><c>continue</c>: token from the previous page's <c>metadata.continue</c>.</summary>
    public string? Continue { get; init; }
}
