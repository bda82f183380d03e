namespace ClusterGateway.Kube.Client;

/// <summary>
/// Query parameters of a watch request (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes).
/// </summary>
public sealed record WatchOptions
{
    /// <summary><c>labelSelector</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary><c>fieldSelector</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>
    /// <c>resourceVersion</c> to start after, usually a list's <c>metadata.resourceVersion</c>; too old gives 410 Gone.
    /// Unset starts with synthetic ADDED events for the current state.
    /// </summary>
    public string? ResourceVersion { get; init; }

    /// <summary><c>allowWatchBookmarks</c>: ask for BOOKMARK events carrying newer resourceVersions.</summary>
    public bool AllowWatchBookmarks { get; init; }

    /// <summary><c>timeoutSeconds</c>: the server ends the stream after this many seconds (the enumeration then completes).</summary>
    public int? TimeoutSeconds { get; init; }
}
