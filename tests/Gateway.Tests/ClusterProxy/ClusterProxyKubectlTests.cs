using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.ClusterProxy;

/// <summary>
/// Issue 5 acceptance: real kubectl through the gateway to a ClusterProxy cluster, tunnelled through a konnectivity
/// server (gRPC and HTTP-CONNECT frontends) with TLS to the managed cluster verified by the Secret's CA.
/// </summary>
[Collection(ClusterProxyCollection.Name)]
public sealed class ClusterProxyKubectlTests(ClusterProxyFixture fixture)
{
    [Theory(Timeout = 90_000)]
    [MemberData(nameof(ClusterProxyFixture.Frontends), MemberType = typeof(ClusterProxyFixture))]
    public async Task ConfigMapCrud_ThroughTheTunnel_Works(string frontend)
    {
        var env = fixture.For(frontend);
        var name = $"crud-{frontend}";

        (await env.KubectlAsync("proxied", "create", "configmap", name, "-n", "default", "--from-literal=k=v1"))
            .EnsureSuccess();
        (await env.KubectlAsync("proxied", "patch", "configmap", name, "-n", "default", "--type=merge",
            "-p", """{"data":{"k":"v2"}}""")).EnsureSuccess();
        var read = await env.KubectlAsync("proxied", "get", "configmap", name, "-n", "default", "-o", "jsonpath={.data.k}");
        read.EnsureSuccess().StdOut.Should().Be("v2");
        (await env.KubectlAsync("proxied", "delete", "configmap", name, "-n", "default")).EnsureSuccess();
        var gone = await env.KubectlAsync("proxied", "get", "configmap", name, "-n", "default");

        gone.ExitCode.Should().NotBe(0);
        gone.StdErr.Should().Contain("NotFound");
        env.Managed.Requests.Snapshot().Where(r => r.Path.Contains(name, StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(r => r.User == ClusterProxyEnvironment.User);
    }

    [Theory(Timeout = 90_000)]
    [MemberData(nameof(ClusterProxyFixture.Frontends), MemberType = typeof(ClusterProxyFixture))]
    public async Task WatchConfigMaps_ThroughTheTunnel_DeliversEvents(string frontend)
    {
        var env = fixture.For(frontend);
        var name = $"watched-{frontend}";
        await using var watch = Kubectl.Start(env.Hub.Kubeconfig,
            ["--server", env.Hub.ProxyServer("proxied"), "get", "configmaps", "-n", "default", "-w", "--output-watch-events"]);
        await env.Managed.Requests.WaitForAsync(
            r => r.PathAndQuery.Contains("watch=", StringComparison.Ordinal), TestTimeouts.Default);

        env.Managed.Store.Put(FakeResource.ConfigMaps, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        });

        var line = await watch.WaitForLineAsync(l => l.Contains(name, StringComparison.Ordinal), TestTimeouts.Default);
        line.Should().Contain("ADDED");
    }
}
