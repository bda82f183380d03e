using ClusterGateway.Gateway.Apiserver;

namespace ClusterGateway.Gateway.Security;

/// <summary>
/// What is being authorized, like <c>authorizer.AttributesRecord</c> (k8s.io/apiserver pkg/authorization/authorizer):
/// the user and either resource attributes (<see cref="IsResourceRequest"/>) or a non-resource path, with the verb.
/// </summary>
/// <param name="User">The authenticated user.</param>
/// <param name="Verb">Kubernetes verb (resource requests) or lower-case method (non-resource requests).</param>
/// <param name="IsResourceRequest">Resource (SAR <c>resourceAttributes</c>) or non-resource (<c>nonResourceAttributes</c>).</param>
/// <param name="Path">The URL path (non-resource requests).</param>
/// <param name="ApiGroup">API group.</param>
/// <param name="ApiVersion">API version.</param>
/// <param name="Resource">Plural resource.</param>
/// <param name="Subresource">Subresource, or empty.</param>
/// <param name="Namespace">Namespace, or empty.</param>
/// <param name="Name">Object name, or empty.</param>
internal sealed record AuthorizationAttributes(
    KubeUser User, string Verb, bool IsResourceRequest, string Path, string ApiGroup = "", string ApiVersion = "",
    string Resource = "", string Subresource = "", string Namespace = "", string Name = "")
{
    /// <summary>The attributes of a parsed request (<c>GetAuthorizerAttributes</c>, filters/authorization.go).</summary>
    /// <param name="user">The user.</param>
    /// <param name="info">The request info (outer or inner request).</param>
    /// <returns>The attributes.</returns>
    public static AuthorizationAttributes From(KubeUser user, RequestInfo info) => info.IsResourceRequest
        ? new(user, info.Verb, true, info.Path, info.ApiGroup, info.ApiVersion, info.Resource, info.Subresource,
            info.Namespace, info.Name)
        : new(user, info.Verb, false, info.Path);
}
