using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Tests.Addon;
using ClusterGateway.AddonManager.Tests.Chart;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Hosting;

/// <summary>
/// The whole manager, as the chart's service account, against a hub that enforces RBAC
/// (<see cref="FakeApiServerOptions.Rbac"/>) with the RBAC objects <c>helm template charts/addon-manager</c> renders:
/// with all of them it installs the gateway and serves a cluster without a single 403; with one verb taken out of one
/// rule the reconcile that needs it fails with the API server's 403 and says so in a Warning Event.
/// </summary>
[Collection(HelmCollection.Name)]
public sealed class ChartRbacEnforcementTests(HelmFixture helm)
{
    private const string InstallNamespace = "open-cluster-management-addon";

    [Fact(Timeout = 120_000)]
    public async Task FullChartRbac_ManagerInstallsGatewayAndServesACluster_NoRequestForbidden()
    {
        await using var hub = await HostHub.StartAsync(rbac: true);
        ApplyChartRbac(hub, await helm.RenderAsync(), withoutVerb: null);
        await using var app = await hub.StartManagerAsync();

        ApplyConfigurationAndCluster(hub);
        hub.Store.Put(AddonObjects.TokenSecret("c1", "cluster-gateway", "token-1", "ca-1"));

        await hub.Store.WaitForAsync(FakeResource.Deployments, InstallNamespace, "gateway-deployment", _ => true, TestTimeouts.Default);
        await hub.Store.WaitForAsync(Resource(hub, "authentication.open-cluster-management.io", "v1beta1", "managedserviceaccounts"), "c1",
            "cluster-gateway", _ => true, TestTimeouts.Default);
        await hub.Store.WaitForAsync(FakeResource.Secrets, "open-cluster-management-credentials", "c1", _ => true, TestTimeouts.Default);
        await hub.Store.WaitForAsync(Resource(hub, "addon.open-cluster-management.io", "v1alpha1", "managedclusteraddons"), "c1",
            "cluster-gateway", a => a["status"]?["conditions"]?.AsArray().Any(c => (string?)c?["type"] == "Available") == true,
            TestTimeouts.Default);
        // The gateway's RBAC, written by the manager, passed the same authorizer.
        hub.Store.Get(FakeResource.ClusterRoleBindings, null, "cluster-gateway:system:auth-delegator").Should().NotBeNull();

        hub.Forbidden.Should().BeEmpty("the chart grants everything the manager does");
        hub.Store.List(FakeResource.Events).Where(e => (string?)e["type"] == "Warning")
            .Select(e => $"{e["reason"]}: {e["message"]}").Should().BeEmpty();
        hub.Server.Requests.Snapshot().Should().Contain(r => r.User == HostHub.ServiceAccountUser && r.Method == "PATCH",
            "the manager's writes went through the hub as its service account");
    }

    [Fact(Timeout = 120_000)]
    public async Task ChartRbacMissingPatchOnDeployments_InstallationFailsWith403WarningEvent()
    {
        await using var hub = await HostHub.StartAsync(rbac: true);
        ApplyChartRbac(hub, await helm.RenderAsync(), withoutVerb: ("deployments", "patch"));
        await using var app = await hub.StartManagerAsync();

        ApplyConfigurationAndCluster(hub);

        var warning = await hub.Store.WaitForAsync(FakeResource.Events, "default", null,
            e => (string?)e["type"] == "Warning" && (string?)e["involvedObject"]?["kind"] == "ClusterGatewayConfiguration",
            TestTimeouts.Default);
        ((string?)warning["reason"]).Should().Be("ApplyFailed");
        ((string?)warning["message"]).Should().Contain(
            "deployments.apps \"gateway-deployment\" is forbidden: User \"system:serviceaccount:cg-system:cluster-gateway-addon-manager\" " +
            "cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"open-cluster-management-addon\"");
        // The rest of the manager works (its ManagedServiceAccount is written), only the Deployment is refused.
        await hub.Store.WaitForAsync(Resource(hub, "authentication.open-cluster-management.io", "v1beta1", "managedserviceaccounts"), "c1",
            "cluster-gateway", _ => true, TestTimeouts.Default);
        hub.Store.Get(FakeResource.Deployments, InstallNamespace, "gateway-deployment").Should().BeNull();
        hub.Forbidden.Should().NotBeEmpty().And.OnlyContain(f => f.StartsWith(
            $"PATCH /apis/apps/v1/namespaces/{InstallNamespace}/deployments/gateway-deployment", StringComparison.Ordinal));
    }

    [Fact(Timeout = 120_000)]
    public async Task ChartRbacMissingPatchOnManagedServiceAccounts_ClusterReconcileFailsWith403WarningEvent()
    {
        await using var hub = await HostHub.StartAsync(rbac: true);
        ApplyChartRbac(hub, await helm.RenderAsync(), withoutVerb: ("managedserviceaccounts", "patch"));
        await using var app = await hub.StartManagerAsync();

        ApplyConfigurationAndCluster(hub);

        var warning = await hub.Store.WaitForAsync(FakeResource.Events, "c1", null,
            e => (string?)e["type"] == "Warning" && (string?)e["involvedObject"]?["kind"] == "ManagedClusterAddOn",
            TestTimeouts.Default);
        ((string?)warning["reason"]).Should().Be("ReconcileFailed");
        ((string?)warning["message"]).Should().Contain(
            "managedserviceaccounts.authentication.open-cluster-management.io \"cluster-gateway\" is forbidden: User " +
            "\"system:serviceaccount:cg-system:cluster-gateway-addon-manager\" cannot patch resource \"managedserviceaccounts\" " +
            "in API group \"authentication.open-cluster-management.io\" in the namespace \"c1\"");
        // The installation, which needs no ManagedServiceAccount, still completes.
        await hub.Store.WaitForAsync(FakeResource.Deployments, InstallNamespace, "gateway-deployment", _ => true, TestTimeouts.Default);
        hub.Store.List(Resource(hub, "authentication.open-cluster-management.io", "v1beta1", "managedserviceaccounts"))
            .Should().BeEmpty();
    }

    /// <summary>Stores the rendered RBAC objects; <paramref name="withoutVerb"/> takes one verb out of the rule naming that resource.</summary>
    private static void ApplyChartRbac(HostHub hub, IReadOnlyList<JsonObject> rendered, (string Resource, string Verb)? withoutVerb)
    {
        var rbac = rendered.Where(o => (string?)o["apiVersion"] == "rbac.authorization.k8s.io/v1")
            .Select(o => o.DeepClone().AsObject()).ToList();
        rbac.Should().Contain(o => (string?)o["kind"] == "ClusterRoleBinding", "the chart binds the manager's ClusterRole");
        if (withoutVerb is var (resource, verb))
        {
            var rule = rbac.Where(o => (string?)o["kind"] == "ClusterRole").SelectMany(o => o["rules"]!.AsArray())
                .Select(r => r!.AsObject()).Single(r => r["resources"]!.AsArray().Select(x => (string?)x).SequenceEqual([resource]));
            var verbs = rule["verbs"]!.AsArray();
            verbs.Remove(verbs.Single(v => (string?)v == verb));
        }

        foreach (var obj in rbac)
        {
            hub.Store.Put(obj);
        }
    }

    private static void ApplyConfigurationAndCluster(HostHub hub)
    {
        hub.Store.ApplyYaml(HostHub.DirectConfiguration());
        hub.Store.Put(AddonObjects.ManagedCluster("c1"));
        hub.Store.Put(FakeResource.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "c1" } });
        hub.Store.Put(AddonObjects.ManagedClusterAddOn("c1"));
    }

    private static FakeResource Resource(HostHub hub, string group, string version, string plural) =>
        hub.Store.FindResource(group, version, plural)!;
}
