using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Rbac;

/// <summary>
/// kube-apiserver's 403 for a denied request (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go
/// Forbidden): <c>{resource}.{group} "{name}" is forbidden: User "u" cannot {verb} resource "{resource}/{subresource}"
/// in API group "{group}" in the namespace "{ns}"</c> (or <c>at the cluster scope</c>), <c>forbidden: User "u" cannot
/// {verb} path "{path}"</c> for other paths; the authorizer's reason, if any, after a colon.
/// </summary>
internal static class Forbidden
{
    public static FakeApiException For(FakeAuthorizationRequest request, string reason)
    {
        var subresource = PolicyRules.Subresource(request);
        var resource = subresource is null ? request.Resource : $"{request.Resource}/{subresource}";
        var message = request.IsResourceRequest
            ? $"{Prefix(request)}User \"{request.User.Name}\" cannot {request.Verb} resource \"{resource}\" in API group " +
              $"\"{request.ApiGroup}\"" +
              (request.Namespace is null ? " at the cluster scope" : $" in the namespace \"{request.Namespace}\"")
            : $"forbidden: User \"{request.User.Name}\" cannot {request.Verb} path \"{request.Path}\"";
        if (reason.Length > 0)
        {
            message += ": " + reason;
        }

        return new FakeApiException(403, "Forbidden", message, Details(request, request.Name));
    }

    /// <summary>
    /// The 403 of a create that an apply or update would do (k8s.io/apiserver/pkg/endpoints/handlers/rest.go
    /// withAuthorization): <c>{resource}.{group} "{name}" is forbidden: {reason}</c>.
    /// </summary>
    public static FakeApiException ForCreate(FakeAuthorizationRequest request, string reason) =>
        new(403, "Forbidden", $"{Prefix(request)}{reason}", Details(request, request.Name));

    private static string Prefix(FakeAuthorizationRequest request)
    {
        var qualified = request.ApiGroup.Length == 0 ? request.Resource : $"{request.Resource}.{request.ApiGroup}";
        return request.Name is null ? $"{qualified} is forbidden: " : $"{qualified} \"{request.Name}\" is forbidden: ";
    }

    private static JsonObject Details(FakeAuthorizationRequest request, string? name)
    {
        var details = new JsonObject();
        if (name is not null)
        {
            details["name"] = name;
        }

        if (request.ApiGroup.Length > 0)
        {
            details["group"] = request.ApiGroup;
        }

        if (request.IsResourceRequest)
        {
            details["kind"] = request.Resource;
        }

        return details;
    }
}
