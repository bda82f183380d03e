namespace ClusterGateway.TestSupport.Rbac;

/// <summary>
/// The fake hub's authorizer chain, like kube-apiserver's union of authorizers: <see cref="FakeApiServerOptions.Authorize"/>
/// first as a deny-only policy (false denies anyone), then, with <see cref="FakeApiServerOptions.Rbac"/> on,
/// <c>system:masters</c> (always allowed, k8s.io/apiserver/pkg/authorization/authorizerfactory/builtin.go
/// privilegedGroupAuthorizer) and <see cref="RbacAuthorizer"/>. With RBAC off whatever the callback does not deny is
/// allowed (the fake's old behaviour).
/// </summary>
internal static class FakeAuthorizer
{
    public const string SystemMasters = "system:masters";

    public static AuthorizationDecision Decide(FakeApiServer server, FakeAuthorizationRequest request)
    {
        if (server.Options.Authorize is { } authorize && !authorize(request))
        {
            return new AuthorizationDecision(false, string.Empty, ByPolicyCallback: true);
        }

        if (!server.Options.Rbac || request.User.Groups.Contains(SystemMasters))
        {
            return new AuthorizationDecision(true, string.Empty);
        }

        return new RbacAuthorizer(server.Store).Authorize(request);
    }
}
