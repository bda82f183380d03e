using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>Real kubectl create/get/apply/patch/replace/delete against the fake API server.</summary>
public sealed class KubectlCrudTests
{
    private const string Manifest = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: demo
          labels:
            app: demo
        data:
          color: blue
        """;

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(KubectlEnvironment.Versions), MemberType = typeof(KubectlEnvironment))]
    public async Task Apply_creates_then_patches(string version)
    {
        await using var env = await KubectlEnvironment.StartAsync(version);

        var created = await env.RunWithInputAsync(Manifest, "apply", "-f", "-");
        created.EnsureSuccess().StdOut.Should().Contain("configmap/demo created");

        var changed = await env.RunWithInputAsync(Manifest.Replace("blue", "green", StringComparison.Ordinal),
            "apply", "-f", "-");
        changed.EnsureSuccess().StdOut.Should().Contain("configmap/demo configured");

        var stored = env.Store.Get(FakeResource.ConfigMaps, "default", "demo")!;
        stored["data"]!["color"]!.GetValue<string>().Should().Be("green");
        stored["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"].Should().NotBeNull();
        env.Server.Requests.Snapshot().Should().Contain(r => r.Method == "PATCH" &&
            r.Path == "/api/v1/namespaces/default/configmaps/demo");

        var unchanged = await env.RunWithInputAsync(Manifest.Replace("blue", "green", StringComparison.Ordinal),
            "apply", "-f", "-");
        unchanged.EnsureSuccess().StdOut.Should().Contain("configmap/demo unchanged");
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(KubectlEnvironment.Versions), MemberType = typeof(KubectlEnvironment))]
    public async Task Get_prints_a_table_and_round_trips_json_and_yaml(string version)
    {
        await using var env = await KubectlEnvironment.StartAsync(version);
        env.Store.ApplyYaml(Manifest);

        var table = (await env.RunAsync("get", "configmaps")).EnsureSuccess().StdOut;
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(@"^NAME\s+AGE\s*$");
        lines.Should().Contain(l => l.StartsWith("demo ", StringComparison.Ordinal));

        var json = JsonNode.Parse((await env.RunAsync("get", "cm", "demo", "-o", "json")).EnsureSuccess().StdOut)!;
        json["kind"]!.GetValue<string>().Should().Be("ConfigMap");
        json["data"]!["color"]!.GetValue<string>().Should().Be("blue");
        json["metadata"]!["uid"]!.GetValue<string>().Should().NotBeEmpty();

        var yaml = (await env.RunAsync("get", "configmap", "demo", "-o", "yaml")).EnsureSuccess().StdOut;
        var parsed = (JsonObject)YamlJson.ParseDocuments(yaml)[0];
        parsed["data"]!["color"]!.GetValue<string>().Should().Be("blue");
        parsed["metadata"]!["resourceVersion"]!.GetValue<string>()
            .Should().Be(json["metadata"]!["resourceVersion"]!.GetValue<string>());

        var all = (await env.RunAsync("get", "configmaps", "-A")).EnsureSuccess().StdOut;
        all.Split('\n')[0].Should().MatchRegex(@"^NAMESPACE\s+NAME\s+AGE\s*$");
        all.Should().MatchRegex(@"\ndefault\s+demo\s+");
    }

    [Fact(Timeout = 60_000)]
    public async Task Create_label_patch_replace_and_delete()
    {
        await using var env = await KubectlEnvironment.StartAsync();

        (await env.RunAsync("create", "configmap", "cfg", "--from-literal=key=one")).EnsureSuccess()
            .StdOut.Should().Contain("configmap/cfg created");
        Data(env, "cfg")["key"]!.GetValue<string>().Should().Be("one");

        (await env.RunAsync("label", "configmap", "cfg", "env=prod")).EnsureSuccess()
            .StdOut.Should().Contain("configmap/cfg labeled");
        env.Store.Get(FakeResource.ConfigMaps, "default", "cfg")!["metadata"]!["labels"]!["env"]!
            .GetValue<string>().Should().Be("prod");

        (await env.RunAsync("patch", "configmap", "cfg", "--type", "merge", "-p", """{"data":{"key":"two"}}"""))
            .EnsureSuccess().StdOut.Should().Contain("configmap/cfg patched");
        Data(env, "cfg")["key"]!.GetValue<string>().Should().Be("two");

        (await env.RunAsync("patch", "configmap", "cfg", "--type", "json", "-p",
                """[{"op":"add","path":"/data/extra","value":"x"}]"""))
            .EnsureSuccess().StdOut.Should().Contain("configmap/cfg patched");
        Data(env, "cfg")["extra"]!.GetValue<string>().Should().Be("x");

        var yaml = (await env.RunAsync("get", "configmap", "cfg", "-o", "yaml")).EnsureSuccess().StdOut;
        (await env.RunWithInputAsync(yaml.Replace("key: two", "key: three", StringComparison.Ordinal),
                "replace", "-f", "-"))
            .EnsureSuccess().StdOut.Should().Contain("configmap/cfg replaced");
        Data(env, "cfg")["key"]!.GetValue<string>().Should().Be("three");

        // A stale resourceVersion (the one read before the replace) is a conflict.
        var stale = await env.RunWithInputAsync(yaml, "replace", "-f", "-");
        stale.ExitCode.Should().NotBe(0);
        stale.StdErr.Should().Contain("Operation cannot be fulfilled on configmaps \"cfg\"");

        (await env.RunAsync("delete", "configmap", "cfg")).EnsureSuccess()
            .StdOut.Should().Contain("configmap \"cfg\" deleted");
        env.Store.Get(FakeResource.ConfigMaps, "default", "cfg").Should().BeNull();
    }

    [Fact(Timeout = 60_000)]
    public async Task Errors_use_the_api_server_wording()
    {
        await using var env = await KubectlEnvironment.StartAsync();

        var missing = await env.RunAsync("get", "configmap", "missing");
        missing.ExitCode.Should().Be(1);
        missing.StdErr.Should().Contain("Error from server (NotFound): configmaps \"missing\" not found");

        (await env.RunWithInputAsync(Manifest, "create", "-f", "-")).EnsureSuccess();
        var again = await env.RunWithInputAsync(Manifest, "create", "-f", "-");
        again.ExitCode.Should().Be(1);
        again.StdErr.Should().Contain("Error from server (AlreadyExists): error when creating \"STDIN\": " +
            "configmaps \"demo\" already exists");

        var generator = await env.RunAsync("create", "configmap", "demo");
        generator.StdErr.Should().Contain("configmaps \"demo\" already exists");

        var delete = await env.RunAsync("delete", "secret", "nope");
        delete.StdErr.Should().Contain("Error from server (NotFound): secrets \"nope\" not found");
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(KubectlEnvironment.Versions), MemberType = typeof(KubectlEnvironment))]
    public async Task Get_secrets_with_a_label_selector(string version)
    {
        await using var env = await KubectlEnvironment.StartAsync(version);
        env.Store.ApplyYaml("""
            apiVersion: v1
            kind: Secret
            metadata: {name: cluster-a, labels: {cluster.core.oam.dev/cluster-credential-type: X509Certificate}}
            stringData: {endpoint: https://a.example}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: cluster-b, labels: {cluster.core.oam.dev/cluster-credential-type: ServiceAccountToken}}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: unrelated}
            """);

        var x509 = (await env.RunAsync("get", "secrets", "-l",
            "cluster.core.oam.dev/cluster-credential-type=X509Certificate", "-o", "name")).EnsureSuccess().StdOut;
        x509.Trim().Should().Be("secret/cluster-a");

        var any = (await env.RunAsync("get", "secrets", "-l", "cluster.core.oam.dev/cluster-credential-type",
            "-o", "name")).EnsureSuccess().StdOut;
        any.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("secret/cluster-a", "secret/cluster-b");

        var notIn = (await env.RunAsync("get", "secrets", "-l",
            "cluster.core.oam.dev/cluster-credential-type notin (X509Certificate),!other", "-o", "name"))
            .EnsureSuccess().StdOut;
        notIn.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("secret/cluster-b", "secret/unrelated");

        var secret = JsonNode.Parse((await env.RunAsync("get", "secret", "cluster-a", "-o", "json")).StdOut)!;
        secret["data"]!["endpoint"]!.GetValue<string>().Should().Be("aHR0cHM6Ly9hLmV4YW1wbGU=");
        secret["stringData"].Should().BeNull();
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(KubectlEnvironment.Versions), MemberType = typeof(KubectlEnvironment))]
    public async Task Server_side_apply_creates_and_owns_fields(string version)
    {
        await using var env = await KubectlEnvironment.StartAsync(version);
        var manifest = Manifest.Replace("color: blue", "color: blue\n  size: large", StringComparison.Ordinal);

        (await env.RunWithInputAsync(manifest, "apply", "--server-side", "-f", "-")).EnsureSuccess()
            .StdOut.Should().Contain("configmap/demo serverside-applied");
        Data(env, "demo")["size"]!.GetValue<string>().Should().Be("large");

        (await env.RunWithInputAsync(Manifest, "apply", "--server-side", "-f", "-")).EnsureSuccess()
            .StdOut.Should().Contain("configmap/demo serverside-applied");
        Data(env, "demo")["size"].Should().BeNull("the manager no longer applies it");
        env.Server.Requests.Snapshot().Should().Contain(r => r.Method == "PATCH" &&
            r.Header("Content-Type") == "application/apply-patch+yaml" &&
            r.PathAndQuery.Contains("fieldManager=kubectl", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task Custom_resources_from_a_crd_are_served()
    {
        await using var env = await KubectlEnvironment.StartAsync();
        (await env.RunWithInputAsync("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Cluster
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            """, "apply", "-f", "-")).EnsureSuccess();

        (await env.RunWithInputAsync("""
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w1}
            spec: {size: 3}
            """, "apply", "-f", "-")).EnsureSuccess().StdOut.Should().Contain("widget.example.com/w1 created");

        var table = (await env.RunAsync("get", "wd")).EnsureSuccess().StdOut;
        table.Should().MatchRegex(@"NAME\s+AGE\s*\nw1\s+");
        env.Store.Get(env.Store.FindResource("example.com", "v1", "widgets")!, null, "w1")!["spec"]!["size"]!
            .GetValue<int>().Should().Be(3);
    }

    private static JsonObject Data(KubectlEnvironment env, string name) =>
        (JsonObject)env.Store.Get(FakeResource.ConfigMaps, "default", name)!["data"]!;
}
