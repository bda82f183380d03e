using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary><c>kubectl get -w</c> (Table list, then Table watch) against the fake API server.</summary>
public sealed class KubectlWatchTests
{
    [Theory(Timeout = 60_000)]
    [MemberData(nameof(KubectlEnvironment.Versions), MemberType = typeof(KubectlEnvironment))]
    public async Task Get_watch_sees_objects_created_after_it_started(string version)
    {
        await using var env = await KubectlEnvironment.StartAsync(version);
        env.Store.Put(FakeResource.ConfigMaps, ConfigMap("before"));

        await using var watch = env.Start("get", "configmaps", "-w");
        await watch.WaitForLineAsync(l => l.StartsWith("before ", StringComparison.Ordinal), TestTimeouts.Default);
        await env.Store.WaitForWatchAsync(FakeResource.ConfigMaps);

        env.Store.Put(FakeResource.ConfigMaps, ConfigMap("after"));
        var line = await watch.WaitForLineAsync(l => l.StartsWith("after ", StringComparison.Ordinal),
            TestTimeouts.Default);
        line.Should().MatchRegex(@"^after\s+\d+s\s*$");
        watch.Lines[0].Should().MatchRegex(@"^NAME\s+AGE\s*$");

        var request = env.Server.Requests.Snapshot()
            .First(r => r.PathAndQuery.Contains("watch=true", StringComparison.Ordinal));
        request.Header("Accept").Should().StartWith("application/json;as=Table;v=v1;g=meta.k8s.io");
    }

    [Fact(Timeout = 60_000)]
    public async Task Get_watch_works_over_http1_chunked_responses()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        var http1 = env.Kubectl.WithEnvironment("DISABLE_HTTP2", "true");
        env.Store.Put(FakeResource.ConfigMaps, ConfigMap("before"));

        await using var watch = http1.Start(env.Kubeconfig, ["get", "configmaps", "-w"]);
        await watch.WaitForLineAsync(l => l.StartsWith("before ", StringComparison.Ordinal), TestTimeouts.Default);
        await env.Store.WaitForWatchAsync(FakeResource.ConfigMaps);
        env.Store.Put(FakeResource.ConfigMaps, ConfigMap("after"));
        await watch.WaitForLineAsync(l => l.StartsWith("after ", StringComparison.Ordinal), TestTimeouts.Default);

        env.Server.Requests.Snapshot().Should().OnlyContain(r => r.Protocol == "HTTP/1.1");
    }

    [Fact(Timeout = 60_000)]
    public async Task Get_watch_of_one_object_follows_changes_and_deletion()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        env.Store.Put(FakeResource.ConfigMaps, ConfigMap("one"));

        await using var watch = env.Start("get", "configmap", "one", "-w", "-o", "jsonpath={.metadata.name}:{.data.v}{\"\\n\"}");
        await watch.WaitForLineAsync(l => l == "one:", TestTimeouts.Default);

        // kubectl watches from resourceVersion 0 and drops the first event: change the object only once subscribed.
        await env.Store.WaitForWatchAsync(FakeResource.ConfigMaps);

        var changed = ConfigMap("one");
        changed["data"] = new JsonObject { ["v"] = "2" };
        env.Store.Put(FakeResource.ConfigMaps, changed);
        await watch.WaitForLineAsync(l => l == "one:2", TestTimeouts.Default);

        env.Store.Delete(FakeResource.ConfigMaps, "default", "one");
        await watch.WaitForLineAsync(l => l == "one:2" && watch.Lines.Count(x => x == "one:2") == 2,
            TestTimeouts.Default);
    }

    [Fact(Timeout = 60_000)]
    public async Task Delete_waits_for_the_object_to_go_away()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        env.Store.Put(FakeResource.Secrets, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "gone" },
            ["stringData"] = new JsonObject { ["k"] = "v" },
        });

        (await env.RunAsync("delete", "secret", "gone", "--wait=true")).EnsureSuccess()
            .StdOut.Should().Contain("secret \"gone\" deleted");
        env.Store.Get(FakeResource.Secrets, "default", "gone").Should().BeNull();
    }

    private static JsonObject ConfigMap(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
    };
}
