using System.Text.Json.Nodes;

namespace ClusterGateway.Kube.Tests.Fidelity;

/// <summary>Real kubectl's server-side apply against the fake hub: field removal, conflicts and --force-conflicts.</summary>
public sealed class KubectlServerSideApplyTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: app
                image: example/app:1
                ports:
                - {containerPort: 8080, name: http}
                - {containerPort: 9090, name: metrics}
        """;

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(KubectlEnvironment.Versions), MemberType = typeof(KubectlEnvironment))]
    public async Task Apply_twice_removes_a_dropped_port_and_a_second_manager_conflicts_until_forced(string version)
    {
        await using var env = await KubectlEnvironment.StartAsync(version);
        (await env.RunWithInputAsync(Deployment, "apply", "--server-side", "-f", "-")).EnsureSuccess()
            .StdOut.Should().Contain("deployment.apps/web serverside-applied");
        Ports(await GetAsync(env)).Should().Equal(8080, 9090);

        var withoutMetrics = Deployment.Replace("\n        - {containerPort: 9090, name: metrics}", string.Empty,
            StringComparison.Ordinal);
        (await env.RunWithInputAsync(withoutMetrics, "apply", "--server-side", "-f", "-")).EnsureSuccess();
        Ports(await GetAsync(env)).Should().Equal([8080], "kubectl no longer applies the metrics port");

        var scaled = withoutMetrics.Replace("replicas: 2", "replicas: 5", StringComparison.Ordinal);
        var conflict = await env.RunWithInputAsync(scaled, "apply", "--server-side", "--field-manager=scaler", "-f", "-");
        conflict.ExitCode.Should().NotBe(0);
        conflict.StdErr.Should().Contain("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas");
        (await GetAsync(env))["spec"]!["replicas"]!.GetValue<int>().Should().Be(2);

        (await env.RunWithInputAsync(scaled, "apply", "--server-side", "--field-manager=scaler", "--force-conflicts",
            "-f", "-")).EnsureSuccess();
        var taken = await GetAsync(env, "--show-managed-fields");
        taken["spec"]!["replicas"]!.GetValue<int>().Should().Be(5);
        var owners = taken["metadata"]!["managedFields"]!.AsArray().OfType<JsonObject>()
            .Where(e => e["fieldsV1"]!["f:spec"]?["f:replicas"] is not null)
            .Select(e => e["manager"]!.GetValue<string>());
        owners.Should().Equal("scaler");
    }

    private static async Task<JsonObject> GetAsync(KubectlEnvironment env, params string[] extra) =>
        JsonNode.Parse((await env.RunAsync(["get", "deployment", "web", "-o", "json", .. extra])).EnsureSuccess()
            .StdOut)!.AsObject();

    private static List<int> Ports(JsonObject deployment) =>
        [.. deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]!.AsArray()
            .Select(p => p!["containerPort"]!.GetValue<int>())];
}
