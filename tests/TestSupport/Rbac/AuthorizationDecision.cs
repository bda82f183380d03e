namespace ClusterGateway.TestSupport.Rbac;

/// <summary>
/// An authorizer's answer: <paramref name="Allowed"/> or not, with kube's reason text (empty when there is none, e.g.
/// RBAC's "no opinion"). <paramref name="ByPolicyCallback"/>: denied by <see cref="FakeApiServerOptions.Authorize"/>.
/// </summary>
internal sealed record AuthorizationDecision(bool Allowed, string Reason, bool ByPolicyCallback = false);
