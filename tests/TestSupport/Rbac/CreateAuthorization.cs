using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport.Rbac;

/// <summary>
/// A server-side apply that creates its object needs <c>create</c> too, not only <c>patch</c>
/// (k8s.io/apiserver/pkg/endpoints/handlers/patch.go, withAuthorization in rest.go). Only with
/// <see cref="FakeApiServerOptions.Rbac"/> on.
/// </summary>
internal static class CreateAuthorization
{
    /// <summary>Throws kube's 403 (<c>deployments.apps "x" is forbidden: </c>) when the object is new and create is denied.</summary>
    public static void OnApply(FakeApiServer server, HttpContext context, FakeResource resource, string? ns, string name)
    {
        if (!server.Options.Rbac || RequestAttributes.User(context) is not { } user ||
            server.Store.Get(resource, ns, name) is not null)
        {
            return;
        }

        var request = new FakeAuthorizationRequest(user, "create", true, resource.Group, resource.Version, resource.Plural,
            null, ns, name, context.Request.Path.Value ?? "/");
        var decision = FakeAuthorizer.Decide(server, request);
        if (!decision.Allowed)
        {
            throw Forbidden.ForCreate(request, decision.Reason);
        }
    }
}
