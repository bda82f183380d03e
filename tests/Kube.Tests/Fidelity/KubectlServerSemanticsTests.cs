using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>Server-side behaviours kubectl exposes: dry run, status subresource, finalizers, protobuf bodies.</summary>
public sealed class KubectlServerSemanticsTests
{
    [Fact(Timeout = 60_000)]
    public async Task Server_dry_run_stores_nothing()
    {
        await using var env = await KubectlEnvironment.StartAsync();

        (await env.RunWithInputAsync("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: dry}
            data: {a: b}
            """, "apply", "--dry-run=server", "-f", "-"))
            .EnsureSuccess().StdOut.Should().Contain("configmap/dry created (server dry run)");
        (await env.RunAsync("create", "configmap", "dry2", "--dry-run=server")).EnsureSuccess();

        env.Store.List(FakeResource.ConfigMaps).Should().BeEmpty();
        env.Server.Requests.Snapshot().Should().Contain(r => r.Method == "POST" &&
            r.PathAndQuery.Contains("dryRun=All", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task Status_subresource_changes_only_status()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        env.Store.ApplyYaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: default}
            spec: {replicas: 1}
            """);

        (await env.RunAsync("patch", "deployment", "web", "--subresource=status", "--type=merge", "-p",
            """{"status":{"readyReplicas":2},"spec":{"replicas":7}}""")).EnsureSuccess();
        var stored = env.Store.Get(FakeResource.Deployments, "default", "web")!;
        stored["status"]!["readyReplicas"]!.GetValue<int>().Should().Be(2);
        stored["spec"]!["replicas"]!.GetValue<int>().Should().Be(1);

        (await env.RunAsync("patch", "deployment", "web", "--type=merge", "-p",
            """{"status":{"readyReplicas":9},"spec":{"replicas":3}}""")).EnsureSuccess();
        stored = env.Store.Get(FakeResource.Deployments, "default", "web")!;
        stored["status"]!["readyReplicas"]!.GetValue<int>().Should().Be(2, "the main resource ignores status");
        stored["spec"]!["replicas"]!.GetValue<int>().Should().Be(3);
        stored["metadata"]!["generation"]!.GetValue<long>().Should().Be(2);
    }

    [Fact(Timeout = 60_000)]
    public async Task Finalizers_hold_deletion_until_removed()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        env.Store.ApplyYaml("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: held, namespace: default, finalizers: [example.com/hold]}
            """);

        (await env.RunAsync("delete", "configmap", "held", "--wait=false")).EnsureSuccess();
        var terminating = env.Store.Get(FakeResource.ConfigMaps, "default", "held");
        terminating.Should().NotBeNull();
        terminating!["metadata"]!["deletionTimestamp"].Should().NotBeNull();

        (await env.RunAsync("patch", "configmap", "held", "--type=json", "-p",
            """[{"op":"remove","path":"/metadata/finalizers"}]""")).EnsureSuccess();
        env.Store.Get(FakeResource.ConfigMaps, "default", "held").Should().BeNull();
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(KubectlEnvironment.Versions), MemberType = typeof(KubectlEnvironment))]
    public async Task Generators_that_send_protobuf_are_understood(string version)
    {
        await using var env = await KubectlEnvironment.StartAsync(version);

        (await env.RunAsync("create", "namespace", "team-a")).EnsureSuccess();
        (await env.RunAsync("create", "secret", "generic", "creds", "-n", "team-a",
            "--from-literal=password=p@ss", "--type=example.com/creds")).EnsureSuccess();
        (await env.RunAsync("create", "serviceaccount", "robot", "-n", "team-a")).EnsureSuccess();

        env.Store.Get(FakeResource.Namespaces, null, "team-a")!["status"]!["phase"]!.GetValue<string>()
            .Should().Be("Active");
        var secret = env.Store.Get(FakeResource.Secrets, "team-a", "creds")!;
        secret["data"]!["password"]!.GetValue<string>().Should().Be("cEBzcw==");
        secret["type"]!.GetValue<string>().Should().Be("example.com/creds");
        env.Store.Get(FakeResource.ServiceAccounts, "team-a", "robot").Should().NotBeNull();
        if (version == "default")
        {
            // kubectl 1.27 still sends JSON here; newer typed clients send protobuf.
            env.Server.Requests.Snapshot().Should().Contain(r =>
                r.Header("Content-Type") == "application/vnd.kubernetes.protobuf");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Table_output_supports_labels_wide_and_names()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        env.Store.Put(FakeResource.ConfigMaps, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "tagged", ["labels"] = new JsonObject { ["tier"] = "web" } },
        });

        var labels = (await env.RunAsync("get", "cm", "--show-labels")).EnsureSuccess().StdOut;
        labels.Should().MatchRegex(@"^NAME\s+AGE\s+LABELS\s*\ntagged\s+\S+\s+tier=web");

        (await env.RunAsync("get", "cm", "-o", "wide")).EnsureSuccess().StdOut.Should().Contain("tagged");
        (await env.RunAsync("get", "cm", "-o", "name")).EnsureSuccess().StdOut.Trim()
            .Should().Be("configmap/tagged");
        (await env.RunAsync("get", "namespaces")).EnsureSuccess().StdOut
            .Should().MatchRegex(@"\ndefault\s+").And.Contain("kube-system");
    }
}
