using ClusterGateway.TestSupport.Charts;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Configuration;
using ClusterGateway.AddonManager.Desired;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Json;

namespace ClusterGateway.AddonManager.Tests.Chart;

/// <summary>
/// The addon-manager's RBAC in the chart: exactly the permissions of <see cref="Needed"/> (complete and nothing more),
/// enough to create the gateway's RBAC without <c>escalate</c>, and to apply every installation object.
/// </summary>
[Collection(HelmCollection.Name)]
public sealed class ChartRbacTests(HelmFixture helm)
{
    private const string ServiceAccount = "cluster-gateway-addon-manager";
    private const string Proxy = "proxy.open-cluster-management.io";
    private const string Addon = "addon.open-cluster-management.io";
    private const string Rbac = "rbac.authorization.k8s.io";
    private const string Gateway = "cluster.core.oam.dev";
    private const string Core = "";
    private const string Cluster = RbacGrant.Cluster;
    private const string Apply = "get list watch create update patch";

    /// <summary>What the addon-manager does, as (scope, group, resource, verbs, names).</summary>
    private static readonly RbacGrant[] Needed =
    [
        // Configurations: informer; status conditions; owner references with blockOwnerDeletion.
        .. RbacGrant.Expand(Cluster, Proxy, "clustergatewayconfigurations", "get list watch"),
        .. RbacGrant.Expand(Cluster, Proxy, "clustergatewayconfigurations/status", "get update patch"),
        .. RbacGrant.Expand(Cluster, Proxy, "clustergatewayconfigurations/finalizers", "update"),
        // OCM: clusters (read), addon objects with status, ManagedServiceAccounts (created and removed per cluster).
        .. RbacGrant.Expand(Cluster, "cluster.open-cluster-management.io", "managedclusters", "get list watch"),
        .. RbacGrant.Expand(Cluster, Addon, "clustermanagementaddons", Apply),
        .. RbacGrant.Expand(Cluster, Addon, "managedclusteraddons", Apply),
        .. RbacGrant.Expand(Cluster, Addon, "clustermanagementaddons/status", "get update patch"),
        .. RbacGrant.Expand(Cluster, Addon, "managedclusteraddons/status", "get update patch"),
        .. RbacGrant.Expand(Cluster, Addon, "clustermanagementaddons/finalizers", "update"),
        .. RbacGrant.Expand(Cluster, Addon, "managedclusteraddons/finalizers", "update"),
        .. RbacGrant.Expand(Cluster, "authentication.open-cluster-management.io", "managedserviceaccounts", Apply + " delete"),
        // Cluster health: GET/PUT ClusterGateways, probe through proxy, record through health.
        .. RbacGrant.Expand(Cluster, Gateway, "clustergateways", "get list watch update"),
        .. RbacGrant.Expand(Cluster, Gateway, "clustergateways/proxy", "get"),
        .. RbacGrant.Expand(Cluster, Gateway, "clustergateways/health", "get update patch"),
        // Installation (server-side apply); Secrets: signer, serving cert, proxy copies, cluster Secrets, MSA tokens.
        .. RbacGrant.Expand(Cluster, Core, "namespaces", Apply),
        .. RbacGrant.Expand(Cluster, Core, "serviceaccounts", Apply),
        .. RbacGrant.Expand(Cluster, Core, "services", Apply),
        .. RbacGrant.Expand(Cluster, Core, "secrets", Apply + " delete"),
        .. RbacGrant.Expand(Cluster, Core, "events", "create patch"),
        .. RbacGrant.Expand(Cluster, "apps", "deployments", Apply),
        .. RbacGrant.Expand(Cluster, "apiregistration.k8s.io", "apiservices", "get list watch create"),
        .. RbacGrant.Expand(Cluster, "apiregistration.k8s.io", "apiservices", "update patch", InstallationNames.ApiService),
        .. RbacGrant.Expand(Cluster, "apiregistration.k8s.io", "apiservices/finalizers", "update", InstallationNames.ApiService),
        // The gateway's RBAC: create anything, change or bind only its own objects and the two system roles.
        .. RbacGrant.Expand(Cluster, Rbac, "roles", "get list watch create"),
        .. RbacGrant.Expand(Cluster, Rbac, "rolebindings", "get list watch create"),
        .. RbacGrant.Expand(Cluster, Rbac, "clusterroles", "get list watch create"),
        .. RbacGrant.Expand(Cluster, Rbac, "clusterrolebindings", "get list watch create"),
        .. RbacGrant.Expand(Cluster, Rbac, "roles", "update patch bind", InstallationNames.Gateway),
        .. RbacGrant.Expand(Cluster, Rbac, "rolebindings", "update patch", InstallationNames.Gateway,
            InstallationNames.AuthReaderRoleBinding),
        .. RbacGrant.Expand(Cluster, Rbac, "clusterroles", "update patch", InstallationNames.AggregationClusterRole),
        .. RbacGrant.Expand(Cluster, Rbac, "clusterroles", "bind", InstallationNames.AggregationClusterRole,
            InstallationNames.AuthDelegatorClusterRole),
        .. RbacGrant.Expand(Cluster, Rbac, "clusterrolebindings", "update patch", InstallationNames.AggregationClusterRole,
            InstallationNames.AuthDelegatorClusterRoleBinding),
        .. RbacGrant.Expand(InstallationNames.KubeSystem, Rbac, "roles", "bind", InstallationNames.AuthReaderRole),
        // Leader election in its own namespace.
        .. RbacGrant.Expand(HelmFixture.ReleaseNamespace, "coordination.k8s.io", "leases", "create"),
        .. RbacGrant.Expand(HelmFixture.ReleaseNamespace, "coordination.k8s.io", "leases", "get update patch",
            AddonManagerOptions.LeaderElectionId),
    ];

    private async Task<RenderedRbac> RbacAsync(params string[] values) =>
        RenderedRbac.For(await helm.RenderAsync(values), HelmFixture.ReleaseNamespace, ServiceAccount);

    [Fact(Timeout = 30_000)]
    public async Task Rbac_Defaults_GrantsEverythingTheManagerNeeds()
    {
        var rbac = await RbacAsync();

        Needed.Where(n => !rbac.Allows(n)).Select(n => n.ToString()).Should().BeEmpty("the addon-manager needs them");
    }

    [Fact(Timeout = 30_000)]
    public async Task Rbac_Defaults_GrantsNothingElse()
    {
        var rbac = await RbacAsync();

        rbac.Grants.Except(Needed).Select(g => g.ToString()).Should().BeEmpty("least privilege: only what the table needs");
        rbac.Grants.Should().NotContain(g => g.Group == "*" || g.Resource == "*" || g.Verb == "*")
            .And.NotContain(g => g.Verb == "escalate" || g.Verb == "impersonate");
    }

    [Fact(Timeout = 30_000)]
    public async Task Rbac_ClusterProxyManual_SameGrants()
    {
        var defaults = await RbacAsync();
        var other = await RbacAsync(ChartTemplateTests.ClusterProxyManualValues);

        other.Grants.Should().BeEquivalentTo(defaults.Grants);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rbac_GatewayRoles_ManagerHoldsEveryRuleSoNoEscalateIsNeeded(bool clusterProxy)
    {
        var rendered = await helm.RenderAsync(clusterProxy ? ChartTemplateTests.ClusterProxyManualValues : []);
        var rbac = RenderedRbac.For(rendered, HelmFixture.ReleaseNamespace, ServiceAccount);
        var configuration = Configuration(rendered);

        var missing = new List<string>();
        foreach (var manifest in RbacManifests.Build(configuration))
        {
            var kind = manifest["kind"]!.GetValue<string>();
            var name = manifest["metadata"]!["name"]!.GetValue<string>();
            var scope = manifest["metadata"]!["namespace"]?.GetValue<string>() ?? Cluster;
            if (kind is "Role" or "ClusterRole")
            {
                // The API server's escalation check: creating a role needs every permission it grants (or escalate).
                var rules = manifest["rules"]!.AsArray();
                missing.AddRange(rules.SelectMany(rule => RenderedRbac.ExpandRule(scope, rule!))
                    .Where(g => !rbac.Allows(g)).Select(g => $"{kind} {name} grants {g}"));
            }
            else
            {
                // Binding a role the manager does not hold itself needs bind on it.
                var roleRef = manifest["roleRef"]!;
                var resource = roleRef["kind"]!.GetValue<string>() == "Role" ? "roles" : "clusterroles";
                var bind = new RbacGrant(scope, Rbac, resource, "bind", roleRef["name"]!.GetValue<string>());
                if (!rbac.Allows(bind))
                {
                    missing.Add($"{kind} {name} needs {bind}");
                }
            }
        }

        missing.Should().BeEmpty();
    }

    [Theory(Timeout = 30_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rbac_InstallationObjects_ManagerCanServerSideApplyEach(bool clusterProxy)
    {
        var rendered = await helm.RenderAsync(clusterProxy ? ChartTemplateTests.ClusterProxyManualValues : []);
        var rbac = RenderedRbac.For(rendered, HelmFixture.ReleaseNamespace, ServiceAccount);
        var configuration = Configuration(rendered);
        var manifests = InstallationManifests.Build(configuration)
            .Append(DeploymentManifest.Build(configuration))
            .Append(ApiServiceManifest.Build(configuration, "-----BEGIN CERTIFICATE-----\n"u8.ToArray()));

        var missing = new List<string>();
        foreach (var manifest in manifests)
        {
            var (group, resource) = Resource(manifest);
            var name = manifest["metadata"]!["name"]!.GetValue<string>();
            var scope = manifest["metadata"]!["namespace"]?.GetValue<string>() ?? Cluster;
            // Apply is a PATCH on the object's URL; when the object is new the API server also checks create.
            missing.AddRange(new[] { new RbacGrant(scope, group, resource, "patch", name), new RbacGrant(scope, group, resource, "create", null) }
                .Where(g => !rbac.Allows(g)).Select(g => $"{manifest["kind"]} {name} needs {g}"));
        }

        missing.Should().BeEmpty();
    }

    private static V1Alpha1ClusterGatewayConfiguration Configuration(IReadOnlyList<JsonObject> rendered)
    {
        var json = rendered.Single(o => o["kind"]!.GetValue<string>() == "ClusterGatewayConfiguration").ToJsonString();
        var configuration = JsonSerializer.Deserialize<V1Alpha1ClusterGatewayConfiguration>(json, KubeJson.Options)!;
        configuration.Metadata.Uid = "00000000-0000-0000-0000-000000000001"; // owner references need one
        return configuration;
    }

    private static (string Group, string Resource) Resource(JsonObject manifest) =>
        (manifest["apiVersion"]!.GetValue<string>(), manifest["kind"]!.GetValue<string>()) switch
        {
            ("v1", "Namespace") => (Core, "namespaces"),
            ("v1", "ServiceAccount") => (Core, "serviceaccounts"),
            ("v1", "Service") => (Core, "services"),
            ("v1", "Secret") => (Core, "secrets"),
            ("apps/v1", "Deployment") => ("apps", "deployments"),
            ("apiregistration.k8s.io/v1", "APIService") => ("apiregistration.k8s.io", "apiservices"),
            ("rbac.authorization.k8s.io/v1", var kind) => (Rbac, kind.ToLowerInvariant() + "s"),
            var (apiVersion, kind) => throw new InvalidOperationException(
                $"the installation now applies {apiVersion} {kind}: add it here, to Needed and to the chart's ClusterRole"),
        };
}
