using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Apply;

/// <summary>
/// Server-side apply of custom resources whose list semantics come from the real OCM CRDs' schemas
/// (<c>x-kubernetes-list-type: map</c> with <c>x-kubernetes-list-map-keys</c> and key defaults).
/// </summary>
public sealed class CustomResourceApplyTests
{
    private const string Cma = "/apis/addon.open-cluster-management.io/v1alpha1/clustermanagementaddons/gateway";
    private const string Mca =
        "/apis/addon.open-cluster-management.io/v1alpha1/namespaces/c1/managedclusteraddons/cluster-gateway";

    [Fact(Timeout = 60_000)]
    public async Task Supported_configs_merge_by_group_and_resource_with_the_group_default()
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();
        var client = new ApplyClient(http);
        (await client.ApplyAsync(Cma, "addon-manager", SupportedConfigs(
            "{group: proxy.open-cluster-management.io, resource: managedproxyconfigurations}",
            "{resource: configmaps}"))).Code.Should().Be(HttpStatusCode.Created);
        var other = await client.ApplyAsync(Cma, "someone-else",
            SupportedConfigs("{group: \"\", resource: secrets}"));
        other.Code.Should().Be(HttpStatusCode.OK, other.Body.ToJsonString());
        Resources(other.Body).Should().Equal("managedproxyconfigurations", "configmaps", "secrets");

        var second = await client.ApplyAsync(Cma, "addon-manager", SupportedConfigs(
            "{group: proxy.open-cluster-management.io, resource: managedproxyconfigurations}"));

        second.Code.Should().Be(HttpStatusCode.OK, second.Body.ToJsonString());
        Resources(second.Body).Should().Equal(["managedproxyconfigurations", "secrets"],
            "configmaps (key group defaulted to \"\") is no longer applied; secrets belongs to another manager");
        ApplyClient.FieldsOf(second.Body, "someone-else")!["f:spec"]!["f:supportedConfigs"]!.AsObject()
            .Select(p => p.Key).Should().Equal("k:{\"group\":\"\",\"resource\":\"secrets\"}");
    }

    [Fact(Timeout = 60_000)]
    public async Task Status_conditions_merge_by_type_and_a_status_apply_touches_only_status()
    {
        await using var server = await StartAsync();
        using var http = server.CreateClient();
        var client = new ApplyClient(http);
        (await client.ApplyAsync(Mca, "user", """
            apiVersion: addon.open-cluster-management.io/v1alpha1
            kind: ManagedClusterAddOn
            metadata: {name: cluster-gateway, namespace: c1}
            spec: {installNamespace: open-cluster-management-agent-addon}
            """)).Code.Should().Be(HttpStatusCode.Created);
        (await client.ApplyAsync(Mca + "/status", "health", Conditions("Available", "Degraded"))).Code
            .Should().Be(HttpStatusCode.OK);
        var other = await client.ApplyAsync(Mca + "/status", "registration", Conditions("RegistrationApplied"));
        Types(other.Body).Should().Equal("Available", "Degraded", "RegistrationApplied");

        var second = await client.ApplyAsync(Mca + "/status", "health", Conditions("Available") +
            "spec: {installNamespace: elsewhere}\n");

        second.Code.Should().Be(HttpStatusCode.OK, second.Body.ToJsonString());
        Types(second.Body).Should().Equal("Available", "RegistrationApplied");
        second.Body["spec"]!["installNamespace"]!.GetValue<string>().Should().Be("open-cluster-management-agent-addon");
        ApplyClient.FieldsOf(second.Body, "health", subresource: "status")!["f:status"]!["f:conditions"]!.AsObject()
            .Select(p => p.Key).Should().Equal("k:{\"type\":\"Available\"}");
        ApplyClient.FieldsOf(second.Body, "user")!["f:spec"]!["f:installNamespace"].Should().NotBeNull();
    }

    private static async Task<FakeApiServer> StartAsync()
    {
        var server = await FakeApiServer.StartAsync(new FakeApiServerOptions { AllowAnonymous = true });
        foreach (var crd in new[]
                 {
                     "0000_00_addon.open-cluster-management.io_clustermanagementaddons.crd.yaml",
                     "0000_01_addon.open-cluster-management.io_managedclusteraddons.crd.yaml",
                 })
        {
            server.Store.ApplyYaml(await File.ReadAllTextAsync(
                RepositoryPaths.Combine("tests", "AddonManager.Tests", "assets", "ocm", crd)));
        }

        server.Store.Put(FakeResource.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "c1" } });
        return server;
    }

    private static string SupportedConfigs(params string[] items) => $"""
        apiVersion: addon.open-cluster-management.io/v1alpha1
        kind: ClusterManagementAddOn
        metadata: {"{"}name: gateway{"}"}
        spec:
          supportedConfigs:
        {string.Concat(items.Select(i => $"  - {i}\n"))}
        """;

    private static string Conditions(params string[] types) => $"""
        apiVersion: addon.open-cluster-management.io/v1alpha1
        kind: ManagedClusterAddOn
        metadata: {"{"}name: cluster-gateway, namespace: c1{"}"}
        status:
          conditions:
        {string.Concat(types.Select(t => $"  - {"{"}type: {t}, status: \"True\", reason: Set, message: set, " +
            $"lastTransitionTime: \"2024-01-01T00:00:00Z\"{"}"}\n"))}
        """;

    private static List<string> Resources(JsonObject cma) =>
        [.. cma["spec"]!["supportedConfigs"]!.AsArray().Select(c => c!["resource"]!.GetValue<string>())];

    private static List<string> Types(JsonObject mca) =>
        [.. mca["status"]!["conditions"]!.AsArray().Select(c => c!["type"]!.GetValue<string>())];
}
