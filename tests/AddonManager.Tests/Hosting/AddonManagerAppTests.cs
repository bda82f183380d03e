using System.Net;
using ClusterGateway.AddonManager.Configuration;
using ClusterGateway.AddonManager.Hosting;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Hosting;

/// <summary>The whole host against a fake hub: probes, <c>/metrics</c>, and every controller wired.</summary>
public sealed class AddonManagerAppTests
{
    [Theory(Timeout = 60_000)]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task StartAsync_InformersSynced_AnswersProbe(string path)
    {
        await using var hub = await HostHub.StartAsync();
        await using var app = await hub.StartManagerAsync();
        await app.Runtime.Informers.WaitForSyncAsync(CancellationToken.None).WaitAsync(TestTimeouts.Default, "informers");

        using var http = new HttpClient { BaseAddress = app.HealthProbeUrl };
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
        app.HealthProbeUrl!.Host.Should().Be("127.0.0.1");
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_ProbeAddressZero_ThrowsOptionsError()
    {
        var options = new AddonManagerOptions(false, AddonManagerOptions.DefaultSignerSecretName, "0", "0", null, "cg-system");

        var act = () => AddonManagerApp.StartAsync(options, _ => { }, CancellationToken.None).WaitAsync(TestTimeouts.Default, "start");

        await act.Should().ThrowAsync<AddonManagerOptionsException>();
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_NoKubeconfigOutsideAPod_ThrowsOptionsError()
    {
        var options = new AddonManagerOptions(false, AddonManagerOptions.DefaultSignerSecretName, "0", "127.0.0.1:0", null, "cg-system");

        var act = () => AddonManagerApp.StartAsync(options, _ => { }, CancellationToken.None).WaitAsync(TestTimeouts.Default, "start");

        (await act.Should().ThrowAsync<AddonManagerOptionsException>()).WithMessage("*--kubeconfig*");
    }

    [Fact(Timeout = 60_000)]
    public async Task SampleConfiguration_Applied_EveryControllerActsAndMetricsCountReconciles()
    {
        await using var hub = await HostHub.StartAsync();
        await using var app = await hub.StartManagerAsync();
        hub.Store.ApplyYaml(HostHub.DirectConfiguration());
        hub.Store.ApplyYaml("""
            apiVersion: cluster.open-cluster-management.io/v1
            kind: ManagedCluster
            metadata:
              name: c1
            spec:
              hubAcceptsClient: true
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: c1
            ---
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: ManagedClusterAddOn
            metadata:
              name: cluster-gateway
              namespace: c1
            spec:
              installNamespace: open-cluster-management-agent-addon
            """);

        // Installation, ClusterManagementAddOn, per-cluster Secrets and health: one visible effect each.
        await hub.Store.WaitForAsync(FakeResource.Deployments, "open-cluster-management-addon", "gateway-deployment", _ => true, TestTimeouts.Default);
        // The signer and serving certificate are written (and their Events recorded) before the Deployment is applied.
        hub.Store.List(FakeResource.Events, "default")
            .Where(e => (string?)e["involvedObject"]?["kind"] == "ClusterGatewayConfiguration")
            .Select(e => (string?)e["reason"]).Should().Contain(["SignerCreated", "ServingCertificateIssued"]);
        await hub.Store.WaitForAsync(hub.Server.Store.FindResource("addon.open-cluster-management.io", "v1alpha1", "clustermanagementaddons")!,
            null, "cluster-gateway", _ => true, TestTimeouts.Default);
        await hub.Store.WaitForAsync(hub.Server.Store.FindResource("authentication.open-cluster-management.io", "v1beta1", "managedserviceaccounts")!,
            "c1", "cluster-gateway", _ => true, TestTimeouts.Default);
        var addon = await hub.Store.WaitForAsync(hub.Server.Store.FindResource("addon.open-cluster-management.io", "v1alpha1", "managedclusteraddons")!,
            "c1", "cluster-gateway", a => a["status"]?["conditions"]?.AsArray().Any(c => (string?)c?["type"] == "Available") == true,
            TestTimeouts.Default);
        // No gateway serves clustergateways on this hub, so the probe fails: Available False with a reason, never Unknown.
        var available = addon["status"]!["conditions"]!.AsArray().First(c => (string?)c!["type"] == "Available")!;
        ((string?)available["status"]).Should().Be("False");
        ((string?)available["reason"]).Should().Be("FailedProbingHealthz");

        using var http = new HttpClient { BaseAddress = app.MetricsUrl };
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        metrics.Should().Contain("# TYPE controller_runtime_reconcile_total counter")
            .And.MatchRegex("controller_runtime_reconcile_total\\{controller=\"[a-z-]+\",result=\"(success|requeue_after)\"\\} [1-9]")
            .And.Contain("leader_election_master_status{name=\"cluster-gateway-addon-manager\"} 1");
    }
}
