namespace ClusterGateway.Gateway.Apiserver.OpenApi;

/// <summary>
/// One operation of the API, rendered by <see cref="OpenApiV2"/> and <see cref="OpenApiV3"/> alike
/// (the shape kube-apiserver's installer documents: <c>x-kubernetes-action</c>,
/// <c>x-kubernetes-group-version-kind</c>, apiserver <c>pkg/endpoints/installer.go</c>).
/// </summary>
/// <param name="Path">Absolute path, e.g. <c>/apis/cluster.core.oam.dev/v1alpha1/clustergateways/{name}</c>.</param>
/// <param name="Method">Lower-case HTTP method.</param>
/// <param name="OperationId">E.g. <c>readClusterCoreOamDevV1alpha1ClusterGateway</c>.</param>
/// <param name="Action"><c>get</c>, <c>list</c>, <c>watch</c>, <c>watchlist</c>, <c>put</c>, <c>patch</c>, <c>connect</c>.</param>
/// <param name="Description">What it does.</param>
/// <param name="Kind">The kind of <c>x-kubernetes-group-version-kind</c>.</param>
/// <param name="Parameters">Path and query parameters.</param>
/// <param name="Response">Definition name of the 200 body, or null for a plain string (connect).</param>
/// <param name="Body">Definition name of the request body, if any.</param>
/// <param name="Consumes">Request media types (for a body).</param>
/// <param name="Produces">Response media types.</param>
internal sealed record OpenApiOperation(
    string Path,
    string Method,
    string OperationId,
    string Action,
    string Description,
    string Kind,
    IReadOnlyList<OpenApiParameter> Parameters,
    string? Response,
    string? Body,
    IReadOnlyList<string> Consumes,
    IReadOnlyList<string> Produces);
