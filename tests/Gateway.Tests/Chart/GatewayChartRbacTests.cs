using ClusterGateway.TestSupport.Charts;
namespace ClusterGateway.Gateway.Tests.Chart;

/// <summary>
/// The gateway's RBAC in the chart, as a table: exactly <see cref="Needed"/> for each variant (complete and nothing
/// more). <see cref="GatewayChartRbacEnforcementTests"/> proves the table against the running gateway.
/// </summary>
[Collection(GatewayChartCollection.Name)]
public sealed class GatewayChartRbacTests(GatewayChartFixture helm)
{
    private const string Cluster = RbacGrant.Cluster;
    private const string SecretNamespace = "open-cluster-management-credentials";

    /// <summary>What the gateway calls on the hub (see src/Gateway: Security, Clusters, Health, Ocm).</summary>
    internal static RbacGrant[] Needed(bool ocm, bool authenticationLookup = true, string secretNamespace = SecretNamespace) =>
    [
        // Delegated authentication and authorization (TokenReviewAuthenticator, SubjectAccessReviewer).
        .. RbacGrant.Expand(Cluster, "authentication.k8s.io", "tokenreviews", "create"),
        .. RbacGrant.Expand(Cluster, "authorization.k8s.io", "subjectaccessreviews", "create"),
        // The client and front-proxy CAs (AuthenticationConfigSource: a GET, then an informer by name).
        .. authenticationLookup
            ? RbacGrant.Expand("kube-system", "", "configmaps", "get list watch", "extension-apiserver-authentication")
            : [],
        // The cluster Secrets (HubSecretSource's informer) and their health annotations (HealthWriter's merge patch).
        .. RbacGrant.Expand(secretNamespace, "", "secrets", "list watch patch"),
        // ManagedClusters (ManagedClusterTracker: a limit=1 list to see whether OCM is served, then an informer).
        .. ocm ? RbacGrant.Expand(Cluster, "cluster.open-cluster-management.io", "managedclusters", "list watch") : [],
    ];

    private async Task<RenderedRbac> RbacAsync(params string[] values) =>
        RenderedRbac.For(await helm.RenderAsync(values), GatewayChartFixture.ReleaseNamespace, GatewayChartFixture.ServiceAccount);

    [Fact(Timeout = 30_000)]
    public async Task Rbac_Defaults_ExactlyWhatTheGatewayCalls()
    {
        var rbac = await RbacAsync();

        rbac.Grants.Should().BeEquivalentTo(Needed(ocm: false));
    }

    [Fact(Timeout = 30_000)]
    public async Task Rbac_OcmIntegration_AddsManagedClusterReadOnly()
    {
        var rbac = await RbacAsync("ocmIntegration.enabled=true");

        rbac.Grants.Should().BeEquivalentTo(Needed(ocm: true));
    }

    [Fact(Timeout = 30_000)]
    public async Task Rbac_AllOptions_FollowsSecretNamespaceAndSkipLookup()
    {
        var rbac = await RbacAsync(GatewayChartFixture.AllOptionsValues);

        rbac.Grants.Should().BeEquivalentTo(Needed(ocm: true, authenticationLookup: false, secretNamespace: "cluster-secrets"));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("")]
    [InlineData("ocmIntegration.enabled=true")]
    [InlineData("certManager.enabled=true")]
    public async Task Rbac_NoWildcardsNoSecretsOutsideTheSecretNamespace(string values)
    {
        var rbac = await RbacAsync(values.Length == 0 ? [] : [values]);

        rbac.Grants.Should().NotContain(g => g.Group == "*" || g.Resource == "*" || g.Verb == "*")
            .And.NotContain(g => g.Verb == "escalate" || g.Verb == "impersonate" || g.Verb == "bind" || g.Verb == "delete")
            .And.NotContain(g => g.Resource == "secrets" && g.Scope != SecretNamespace);
    }
}
