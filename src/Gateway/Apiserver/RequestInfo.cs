namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// What a Kubernetes API request is about, as authorization sees it: a port of <c>RequestInfo</c> from
/// k8s.io/apiserver pkg/endpoints/request/requestinfo.go. Built by <see cref="RequestInfoParser"/> from the method,
/// the decoded path and the query of the gateway's own request, or of a proxied (inner) request.
/// </summary>
/// <remarks>
/// Resource requests look like <c>/api/{version}[/namespaces/{ns}]/{resource}[/{name}[/{subresource}/...]]</c> or
/// <c>/apis/{group}/{version}/...</c>; everything else (<c>/apis</c>, <c>/apis/{group}/{version}</c>, <c>/healthz</c>,
/// <c>/openapi/v2</c>) is a non-resource request whose <see cref="Verb"/> is the lower-case HTTP method.
/// </remarks>
internal sealed record RequestInfo
{
    /// <summary>Whether the request is for an API resource or subresource.</summary>
    public required bool IsResourceRequest { get; init; }

    /// <summary>The URL path, as received (decoded).</summary>
    public required string Path { get; init; }

    /// <summary>
    /// The Kubernetes verb for resource requests (<c>get</c>, <c>list</c>, <c>watch</c>, <c>create</c>, <c>update</c>,
    /// <c>patch</c>, <c>delete</c>, <c>deletecollection</c>, <c>proxy</c>, or empty for other methods); the lower-case
    /// HTTP method for non-resource requests.
    /// </summary>
    public required string Verb { get; init; }

    /// <summary><c>api</c> or <c>apis</c> for resource requests; empty otherwise.</summary>
    public string ApiPrefix { get; init; } = "";

    /// <summary>API group; empty for the core group and non-resource requests.</summary>
    public string ApiGroup { get; init; } = "";

    /// <summary>API version, e.g. <c>v1alpha1</c>.</summary>
    public string ApiVersion { get; init; } = "";

    /// <summary>Namespace, empty for cluster-scoped requests and requests across all namespaces.</summary>
    public string Namespace { get; init; } = "";

    /// <summary>Plural resource name, e.g. <c>clustergateways</c> (not the kind).</summary>
    public string Resource { get; init; } = "";

    /// <summary>Subresource, e.g. <c>proxy</c>, <c>status</c>; empty when none.</summary>
    public string Subresource { get; init; } = "";

    /// <summary>Object name from the path, or from a <c>metadata.name</c> field selector of a list or watch.</summary>
    public string Name { get; init; } = "";

    /// <summary>The path segments from the resource on: <c>{resource}/{name}/{subresource}/...</c> (split on demand).</summary>
    public IReadOnlyList<string> Parts =>
        PartsText.Length == 0 ? [] : Path.Substring(PartsText.Start, PartsText.Length).Split('/');

    /// <summary>Where <see cref="Parts"/> lie in <see cref="Path"/>: start and length.</summary>
    internal (int Start, int Length) PartsText { get; init; }
}
