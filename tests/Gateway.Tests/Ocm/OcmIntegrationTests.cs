using System.Diagnostics;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Gateway.Tests.Ocm;

/// <summary>
/// Issue 5 acceptance (OCM): <c>--ocm-integration</c> against a fake hub that serves the real ManagedCluster CRD,
/// with the real kubectl as the client. <c>ocm-b</c> is a token Secret without <c>endpoint</c> whose ManagedCluster
/// points at cluster B; <c>cluster-a</c> is a plain Secret-only cluster.
/// </summary>
public sealed class OcmIntegrationTests
{
    /// <summary>The acceptance bound for a ManagedCluster change to reach <c>kubectl get clustergateways</c>.</summary>
    private static readonly TimeSpan MergeBound = TimeSpan.FromSeconds(2);

    [Fact(Timeout = 90_000)]
    public async Task SecretWithoutEndpoint_ManagedClusterGivesUrlAndCa_KubectlProxyReachesCluster()
    {
        await using var env = await StartAsync(withCrd: true);

        var proxied = await env.KubectlViaProxyAsync("ocm-b", "get", "namespaces", "-o", "name");

        proxied.ExitCode.Should().Be(0, proxied.ToString());
        proxied.StdOut.Should().Contain("namespace/default");
        env.ClusterB.Requests.Snapshot().Should().NotBeEmpty();
        Rows(await GetClusterGatewaysAsync(env)).Should().ContainEquivalentOf(
            new[] { "ocm-b", "ServiceAccountToken", "Const", "true" });
    }

    [Fact(Timeout = 90_000)]
    public async Task AvailableFalse_ManagedClusterStatusChange_KubectlShowsUnhealthyWithinBound()
    {
        await using var env = await StartAsync(withCrd: true);
        var unhealthy = env.WaitForRegistryAsync(r => Healthy(r, "ocm-b") == false, "ocm-b to turn unhealthy");

        var watch = Stopwatch.StartNew();
        env.Hub.Store.Put(OcmObjects.ManagedCluster("ocm-b", env.ClusterB.Url.ToString(), env.ClusterB.CaPem,
            available: "False", reason: "ManagedClusterLeaseUpdateStopped", message: "lease not updated"));
        await unhealthy.WaitAsync(MergeBound, "the registry to merge the ManagedCluster change");
        watch.Elapsed.Should().BeLessThan(MergeBound);

        Rows(await GetClusterGatewaysAsync(env)).Should().ContainEquivalentOf(
            new[] { "ocm-b", "ServiceAccountToken", "Const", "false" });
        env.Gateway.Registry.Snapshot["ocm-b"].Gateway!.Status.HealthyReason.Should().Be("ManagedClusterLeaseUpdateStopped");
    }

    [Fact(Timeout = 90_000)]
    public async Task FilterDangling_SecretWithoutManagedCluster_NotListedNorServed()
    {
        await using var env = await StartAsync(withCrd: true, filter: true);

        Rows(await GetClusterGatewaysAsync(env)).Select(r => r[0]).Should().Equal("ocm-b");
        var get = await Kubectl.RunAsync(env.Kubeconfig, ["get", "clustergateway", "cluster-a"], timeout: TestTimeouts.Default);
        get.ExitCode.Should().NotBe(0);
        get.StdErr.Should().Contain("NotFound");
    }

    [Fact(Timeout = 90_000)]
    public async Task NoCrd_SecretOnlyClusterWorks_CrdAppearingLaterIsNoticed()
    {
        await using var env = await StartAsync(withCrd: false, filter: true);

        env.Gateway.Registry.Snapshot["ocm-b"].IsValid.Should().BeFalse("without OCM its Secret has no endpoint");
        (await env.KubectlViaProxyAsync("cluster-a", "get", "namespaces")).ExitCode.Should().Be(0);

        env.Hub.Store.ApplyYaml(OcmObjects.CrdYaml);
        env.Hub.Store.Put(OcmObjects.ManagedCluster("ocm-b", env.ClusterB.Url.ToString(), env.ClusterB.CaPem));
        await env.WaitForRegistryAsync(r => Healthy(r, "ocm-b") == true && !r.Snapshot.ContainsKey("cluster-a"),
            "the ManagedCluster API to be noticed (ocm-b merged, dangling cluster-a filtered)");
        (await env.KubectlViaProxyAsync("ocm-b", "get", "namespaces")).ExitCode.Should().Be(0);
    }

    [Fact(Timeout = 90_000)]
    public async Task DeleteEveryManagedCluster_SecretOnlyClusterKeepsWorking()
    {
        await using var env = await StartAsync(withCrd: true, extra: e =>
            [OcmObjects.ManagedCluster("cluster-a", e.ClusterA.Url.ToString(), e.ClusterA.CaPem, available: "False")]);
        Healthy(env.Gateway.Registry, "cluster-a").Should().BeFalse();

        var resource = env.Hub.Store.FindResource("cluster.open-cluster-management.io", "v1", "managedclusters")!;
        env.Hub.Store.Delete(resource, null, "cluster-a");
        env.Hub.Store.Delete(resource, null, "ocm-b");
        await env.WaitForRegistryAsync(r => r.Snapshot.TryGetValue("ocm-b", out var b) && !b.IsValid &&
            r.Snapshot.TryGetValue("cluster-a", out var a) && a.IsValid, "the ManagedClusters' removal to be merged");

        (await env.KubectlViaProxyAsync("cluster-a", "get", "namespaces")).ExitCode.Should().Be(0);
        Rows(await GetClusterGatewaysAsync(env)).Select(r => r[0]).Should().Equal("cluster-a");
    }

    [Fact(Timeout = 90_000)]
    public async Task BadManagedCluster_UnusableUrl_LoggedAndSecretEndpointKept()
    {
        await using var env = await StartAsync(withCrd: true, extra: _ =>
            [OcmObjects.ManagedCluster("cluster-a", "not a url", available: "False", reason: "Lost")]);

        var logged = await env.Logs.WaitForAsync(l => l.Contains("ManagedCluster cluster-a gives no usable endpoint", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Default, "a log line about the bad ManagedCluster");
        logged.Should().Contain("not an absolute http(s) URL");
        Healthy(env.Gateway.Registry, "cluster-a").Should().BeFalse();
        (await env.KubectlViaProxyAsync("cluster-a", "get", "namespaces")).ExitCode.Should().Be(0);
    }

    [Fact(Timeout = 90_000)]
    public async Task CrdRemoved_SecretOnlyClustersBackAndFilterLifted()
    {
        var removed = new TaskCompletionSource();
        await using var env = await StartAsync(withCrd: true, filter: true, configureHub: hub => hub.Intercept = async context =>
        {
            if (!removed.Task.IsCompleted ||
                !context.Request.Path.StartsWithSegments("/apis/cluster.open-cluster-management.io", StringComparison.Ordinal))
            {
                return false;
            }

            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
            return true;
        });
        env.Gateway.Registry.Snapshot.Keys.Should().Equal("ocm-b");

        removed.SetResult();
        await env.WaitForRegistryAsync(r => r.Snapshot.TryGetValue("cluster-a", out var a) && a.IsValid &&
            r.Snapshot.TryGetValue("ocm-b", out var b) && !b.IsValid, "the ManagedCluster API's removal to be noticed");

        (await env.KubectlViaProxyAsync("cluster-a", "get", "namespaces")).ExitCode.Should().Be(0);
    }

    private static async Task<HubEnvironment> StartAsync(bool withCrd, bool filter = false,
        Func<HubEnvironment, IEnumerable<JsonObject>>? extra = null, Action<FakeApiServerOptions>? configureHub = null)
    {
        return await HubEnvironment.StartAsync(
            env =>
            [
                env.X509Secret("cluster-a"),
                HubEnvironment.Secret("ocm-b", "ServiceAccountToken", new() { ["token"] = HubEnvironment.ClusterBToken }),
                .. withCrd ? [OcmObjects.ManagedCluster("ocm-b", env.ClusterB.Url.ToString(), env.ClusterB.CaPem)] : Array.Empty<JsonObject>(),
                .. extra?.Invoke(env) ?? [],
            ],
            hub =>
            {
                hub.Store = withCrd ? OcmObjects.StoreWithCrd() : null;
                configureHub?.Invoke(hub);
            },
            options => options with
            {
                OcmIntegration = true,
                OcmFilterDanglingClusters = filter,
                OcmDiscoveryInterval = TimeSpan.FromMilliseconds(200),
            });
    }

    private static bool? Healthy(IClusterRegistry registry, string name) =>
        registry.Snapshot.TryGetValue(name, out var entry) ? entry.Gateway?.Status.Healthy : null;

    private static async Task<string> GetClusterGatewaysAsync(HubEnvironment env)
    {
        var result = await Kubectl.RunAsync(env.Kubeconfig, ["get", "clustergateways", "--no-headers"],
            timeout: TestTimeouts.Default);
        result.ExitCode.Should().Be(0, result.StdErr);
        return result.StdOut;
    }

    private static List<string[]> Rows(string table) =>
        [.. table.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))];
}
