using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Apply;

/// <summary>
/// Server-side apply of a built-in kind over real HTTP: list-map merge by the Kubernetes keys, removal of what a manager
/// stops applying, shared ownership and conflicts (https://kubernetes.io/docs/reference/using-api/server-side-apply/).
/// </summary>
public sealed class DeploymentApplyTests
{
    private const string Path = "/apis/apps/v1/namespaces/default/deployments/web";

    [Fact(Timeout = 60_000)]
    public async Task Removing_a_container_port_removes_it_but_keeps_other_ports_and_ports_another_manager_owns()
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();
        var client = new ApplyClient(http);

        (await client.ApplyAsync(Path, "installer", Deployment(3, "{containerPort: 8443, name: https}",
            "{containerPort: 9090, name: metrics}", "{containerPort: 8080}"))).Code.Should().Be(HttpStatusCode.Created);
        // Another manager adds its own port and also applies 8080 (same value: shared ownership, no conflict).
        var shared = await client.ApplyAsync(Path, "sidecar-injector", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    ports:
                    - {containerPort: 7000, protocol: UDP}
                    - {containerPort: 8080}
            """);
        shared.Code.Should().Be(HttpStatusCode.OK, shared.Body.ToJsonString());
        // Merged order (structured-merge-diff typed/merge.go): live-only items in place, applied ones in applied order.
        Ports(shared.Body).Should().Equal("8443/TCP", "9090/TCP", "7000/UDP", "8080/TCP");

        var second = await client.ApplyAsync(Path, "installer", Deployment(3, "{containerPort: 8443, name: https}"));

        second.Code.Should().Be(HttpStatusCode.OK, second.Body.ToJsonString());
        Ports(second.Body).Should().Equal(["8443/TCP", "7000/UDP", "8080/TCP"],
            "9090 is no longer applied by its only owner; 8080 is still owned by the sidecar injector");
        Ports(await client.GetAsync(Path)).Should().Equal("8443/TCP", "7000/UDP", "8080/TCP");
        var ports = ApplyClient.FieldsOf(second.Body, "installer")!["f:spec"]!["f:template"]!["f:spec"]![
            "f:containers"]!["k:{\"name\":\"app\"}"]!["f:ports"]!.AsObject();
        ports.Select(p => p.Key).Should().Equal("k:{\"containerPort\":8443,\"protocol\":\"TCP\"}");
        ports["k:{\"containerPort\":8443,\"protocol\":\"TCP\"}"]!.AsObject().Select(p => p.Key)
            .Should().Equal(".", "f:containerPort", "f:name");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_field_another_manager_owns_conflicts_unless_forced()
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();
        var client = new ApplyClient(http);
        (await client.ApplyAsync(Path, "installer", Deployment(3, "{containerPort: 80}"))).Code
            .Should().Be(HttpStatusCode.Created);

        var same = await client.ApplyAsync(Path, "autoscaler", ReplicasOnly(3));
        same.Code.Should().Be(HttpStatusCode.OK, "the same value is shared ownership, not a conflict");
        ApplyClient.FieldsOf(same.Body, "autoscaler")!["f:spec"]!["f:replicas"].Should().NotBeNull();
        ApplyClient.FieldsOf(same.Body, "installer")!["f:spec"]!["f:replicas"].Should().NotBeNull();

        var conflict = await client.ApplyAsync(Path, "scaler", ReplicasOnly(5));

        conflict.Code.Should().Be(HttpStatusCode.Conflict);
        conflict.Body["reason"]!.GetValue<string>().Should().Be("Conflict");
        conflict.Body["message"]!.GetValue<string>().Should().Be(
            "Apply failed with 2 conflicts: conflicts with \"autoscaler\":\n- .spec.replicas\n" +
            "conflicts with \"installer\":\n- .spec.replicas");
        var causes = conflict.Body["details"]!["causes"]!.AsArray();
        causes.Should().HaveCount(2);
        causes[0]!["reason"]!.GetValue<string>().Should().Be("FieldManagerConflict");
        causes[0]!["field"]!.GetValue<string>().Should().Be(".spec.replicas");
        causes[0]!["message"]!.GetValue<string>().Should().Be("conflict with \"autoscaler\"");
        (await client.GetAsync(Path))["spec"]!["replicas"]!.GetValue<int>().Should().Be(3);

        var forced = await client.ApplyAsync(Path, "scaler", ReplicasOnly(5), force: true);

        forced.Code.Should().Be(HttpStatusCode.OK);
        forced.Body["spec"]!["replicas"]!.GetValue<int>().Should().Be(5);
        ApplyClient.FieldsOf(forced.Body, "scaler")!["f:spec"]!["f:replicas"].Should().NotBeNull();
        ApplyClient.FieldsOf(forced.Body, "installer")!["f:spec"]!["f:replicas"].Should().BeNull("force takes it");
        ApplyClient.FieldsOf(forced.Body, "autoscaler").Should().BeNull("it owned nothing else");

        // The installer no longer owns replicas: applying without it leaves the scaler's value alone.
        var again = await client.ApplyAsync(Path, "installer", Deployment(null, "{containerPort: 80}"));
        again.Body["spec"]!["replicas"]!.GetValue<int>().Should().Be(5);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_update_owns_what_it_changed_and_an_apply_then_conflicts_with_it()
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();
        var client = new ApplyClient(http);
        (await client.ApplyAsync(Path, "installer", Deployment(3, "{containerPort: 80}"))).Code
            .Should().Be(HttpStatusCode.Created);

        var edit = await client.SendAsync(HttpMethod.Patch, Path, """{"spec":{"replicas":4}}""",
            "application/merge-patch+json", userAgent: "kubectl-edit/v1.33.0 (linux/amd64) kubernetes/abc");
        edit.Code.Should().Be(HttpStatusCode.OK);
        var updateEntry = (edit.Body["metadata"]!["managedFields"]!.AsArray()).OfType<JsonObject>()
            .Single(e => e["manager"]!.GetValue<string>() == "kubectl-edit");
        updateEntry["operation"]!.GetValue<string>().Should().Be("Update");
        updateEntry["apiVersion"]!.GetValue<string>().Should().Be("apps/v1");
        updateEntry["fieldsType"]!.GetValue<string>().Should().Be("FieldsV1");
        updateEntry["fieldsV1"]!.ToJsonString().Should().Be("""{"f:spec":{"f:replicas":{}}}""");

        var conflict = await client.ApplyAsync(Path, "installer", Deployment(3, "{containerPort: 80}"));

        conflict.Code.Should().Be(HttpStatusCode.Conflict);
        conflict.Body["message"]!.GetValue<string>().Should().Be(
            "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas");
    }

    [Fact(Timeout = 60_000)]
    public async Task Reapplying_the_same_configuration_changes_nothing()
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();
        var client = new ApplyClient(http);
        var first = await client.ApplyAsync(Path, "installer", Deployment(3, "{containerPort: 80}"));
        var rv = first.Body["metadata"]!["resourceVersion"]!.GetValue<string>();

        var again = await client.ApplyAsync(Path, "installer", Deployment(3, "{containerPort: 80}"));

        again.Body["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be(rv);
        // The same manager applying a change does write: the no-op above is not a blanket refusal.
        var changed = await client.ApplyAsync(Path, "installer", Deployment(2, "{containerPort: 80}"));
        changed.Body["metadata"]!["resourceVersion"]!.GetValue<string>().Should().NotBe(rv);
    }

    [Fact(Timeout = 60_000)]
    public async Task Lists_without_keys_are_atomic_and_status_is_left_alone()
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();
        var client = new ApplyClient(http);
        await client.ApplyAsync(Path, "installer", Deployment(1, "{containerPort: 80}")
            .Replace("name: app\n", "name: app\n        args: [--a, --b]\n", StringComparison.Ordinal));

        var second = await client.ApplyAsync(Path, "other", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    args: [--c]
            status: {replicas: 9}
            """, force: true);

        second.Code.Should().Be(HttpStatusCode.OK, second.Body.ToJsonString());
        var container = second.Body["spec"]!["template"]!["spec"]!["containers"]![0]!;
        container["args"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("--c");
        container["image"]!.GetValue<string>().Should().Be("example/app:1");
        second.Body["status"].Should().BeNull("a main-resource apply does not write status");
    }

    private static async Task<FakeApiServer> StartAsync() =>
        await FakeApiServer.StartAsync(new FakeApiServerOptions { AllowAnonymous = true });

    private static string Deployment(int? replicas, params string[] ports) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
        {{{(replicas is { } r ? $"  replicas: {r}\n" : string.Empty)}}}  selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: app
                image: example/app:1
                ports:
        {{{string.Concat(ports.Select(p => $"        - {p}\n"))}}}
        """;

    private static string ReplicasOnly(int replicas) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec: {replicas: {{replicas}}}
        """;

    private static List<string> Ports(JsonObject deployment) =>
        [.. deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]!.AsArray().Select(p =>
            $"{p!["containerPort"]}/{p["protocol"]?.GetValue<string>() ?? "TCP"}")];
}
