using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Addon;
using ClusterGateway.AddonManager.Health;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models;
using ClusterGateway.TestSupport;
using ObjectMeta = ClusterGateway.Kube.Models.ObjectMeta;

namespace ClusterGateway.AddonManager.Tests.Addon;

/// <summary>
/// Every object of the real OCM CRDs (and our ClusterGatewayConfiguration CRD) as the addon-manager builds and writes
/// it, and as users/OCM create the ones it reads, passes the fake hub's structural-schema validation; the same objects
/// with one field of the wrong type are refused with a 422 naming that field (so the validation is on for each CRD).
/// </summary>
public sealed class OcmCrdAdmissionTests
{
    private const string Token = "t";

    [Fact(Timeout = 60_000)]
    public async Task Objects_as_the_addon_manager_writes_them_validate_against_the_real_crds()
    {
        await using var server = await StartAsync();
        using var client = Client(server);
        using var cts = new CancellationTokenSource(TestTimeouts.Long);
        var ct = cts.Token;

        // What a user / OCM creates and the manager reads.
        var cluster = await CreateAsync(client, ManagedCluster.ResourceKind, null, AddonObjects.ManagedCluster("c1"), ct);
        cluster["spec"]!["hubAcceptsClient"]!.GetValue<bool>().Should().BeTrue();
        await CreateAsync(client, ManagedClusterAddOn.ResourceKind, "c1", AddonObjects.ManagedClusterAddOn("c1"), ct);
        await CreateAsync(client, V1Alpha1ClusterGatewayConfiguration.ResourceKind, null, ProxiedConfiguration(), ct);

        // What the manager writes, built by its own code and sent the way it sends them.
        var active = await client.GetAsync<V1Alpha1ClusterGatewayConfiguration>(
            V1Alpha1ClusterGatewayConfiguration.ResourceKind, null, "cluster-gateway", ct);
        var cma = await ServerSideApply.ApplyAsync(client, ClusterManagementAddOn.ResourceKind,
            ClusterManagementAddOnManifest.Build(active), AddonNames.FieldManager, cancellationToken: ct);
        cma["spec"]!["installStrategy"]!["type"]!.GetValue<string>().Should().Be("Manual");

        var addon = await client.GetAsync<ManagedClusterAddOn>(ManagedClusterAddOn.ResourceKind, "c1", "cluster-gateway", ct);
        var msa = await ServerSideApply.ApplyAsync(client, ManagedServiceAccount.ResourceKind,
            ManagedServiceAccountManifest.Build("c1", "cluster-gateway", addon), AddonNames.FieldManager,
            cancellationToken: ct);
        msa.Spec!.Rotation!.Enabled.Should().BeTrue();

        foreach (var result in new[] { HealthProbeResult.Ok, HealthProbeResult.Failed("connection refused") })
        {
            addon = await client.GetAsync<ManagedClusterAddOn>(ManagedClusterAddOn.ResourceKind, "c1", "cluster-gateway", ct);
            var conditions = AddonHealthStatus.Desired(addon, result, DateTimeOffset.UtcNow);
            conditions.Should().NotBeNull();
            var patch = new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["healthCheck"] = new JsonObject { ["mode"] = AddonHealthStatus.CustomizedMode },
                    ["conditions"] = JsonSerializer.SerializeToNode(conditions, KubeJson.Options),
                },
            };
            var written = await client.PatchAsync<JsonObject>(ManagedClusterAddOn.ResourceKind, "c1", "cluster-gateway",
                PatchType.Merge, patch.ToJsonString(), AddonNames.FieldManager, subresource: "status", cancellationToken: ct);
            written["status"]!["conditions"]!.AsArray().Should().NotBeEmpty();
        }
    }

    [Theory(Timeout = 60_000)]
    [InlineData("ManagedCluster", "spec.hubAcceptsClient")]
    [InlineData("ManagedClusterAddOn", "spec.installNamespace")]
    [InlineData("ClusterGatewayConfiguration", "spec.egress.clusterProxy.proxyServerPort")]
    [InlineData("ClusterManagementAddOn", "spec.addOnMeta.displayName")]
    [InlineData("ManagedServiceAccount", "spec.rotation.enabled")]
    public async Task The_same_objects_with_a_wrongly_typed_field_are_refused_naming_it(string kind, string field)
    {
        await using var server = await StartAsync();
        using var client = Client(server);
        using var cts = new CancellationTokenSource(TestTimeouts.Long);
        var addon = new ManagedClusterAddOn
        {
            Metadata = new ObjectMeta { Name = "cluster-gateway", Namespace = "c1", Uid = "addon-uid" },
        };
        var active = new V1Alpha1ClusterGatewayConfiguration
        {
            Metadata = new ObjectMeta { Name = "cluster-gateway", Uid = "cgc-uid" },
        };
        var (resourceKind, ns, obj) = kind switch
        {
            "ManagedCluster" => (ManagedCluster.ResourceKind, (string?)null, AddonObjects.ManagedCluster("c1")),
            "ManagedClusterAddOn" => (ManagedClusterAddOn.ResourceKind, "c1", AddonObjects.ManagedClusterAddOn("c1")),
            "ClusterGatewayConfiguration" => (V1Alpha1ClusterGatewayConfiguration.ResourceKind, null,
                ProxiedConfiguration()),
            "ClusterManagementAddOn" => (ClusterManagementAddOn.ResourceKind, null, ClusterManagementAddOnManifest.Build(active)),
            _ => (ManagedServiceAccount.ResourceKind, "c1", JsonSerializer.SerializeToNode(
                ManagedServiceAccountManifest.Build("c1", "cluster-gateway", addon), KubeJson.Options)!.AsObject()),
        };
        var parent = obj;
        var parts = field.Split('.');
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        parent[parts[^1]] = new JsonArray(1);

        var error = await FluentActions.Awaiting(() => CreateAsync(client, resourceKind, ns, obj, cts.Token))
            .Should().ThrowAsync<KubeApiException>();

        error.Which.Code.Should().Be(422);
        error.Which.Message.Should().Contain($"{field}: Invalid value: \"array\": {field} in body must be of type");
    }

    /// <summary>A ClusterProxy configuration as the chart renders it (the CRD requires the proxy credentials).</summary>
    private static JsonObject ProxiedConfiguration()
    {
        var configuration = AddonObjects.GatewayConfiguration("cluster-gateway", egress: "ClusterProxy");
        configuration["spec"]!["egress"]!["clusterProxy"]!["credentials"] = new JsonObject
        {
            ["namespace"] = "open-cluster-management-addon",
            ["proxyClientCASecretName"] = "proxy-server-ca",
            ["proxyClientSecretName"] = "proxy-client",
        };
        return configuration;
    }

    private static async Task<JsonObject> CreateAsync(KubeClient client, ResourceKind kind, string? ns, JsonObject obj,
        CancellationToken cancellationToken) =>
        await client.CreateAsync(kind, ns, obj, cancellationToken);

    private static async Task<FakeApiServer> StartAsync()
    {
        var store = new FakeObjectStore();
        foreach (var crd in Directory.GetFiles(Path.Combine(TestPaths.Assets, "ocm"), "*.yaml"))
        {
            store.ApplyYaml(await File.ReadAllTextAsync(crd));
        }

        // The cluster namespace exists on a hub as soon as the cluster registers.
        store.Put(FakeResource.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "c1" } });

        store.ApplyYaml(await File.ReadAllTextAsync(RepositoryPaths.Combine("charts", "addon-manager", "crds",
            "proxy.open-cluster-management.io_clustergatewayconfigurations.yaml")));
        var options = new FakeApiServerOptions { Store = store };
        options.Tokens[Token] = "system:serviceaccount:open-cluster-management-addon:cluster-gateway-addon-manager";
        return await FakeApiServer.StartAsync(options);
    }

    private static KubeClient Client(FakeApiServer server)
    {
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(server.CaPem);
        return new KubeClient(new KubeClientOptions
        {
            Server = server.Url, CaCertificates = ca, TokenSource = new StaticTokenSource(Token),
        });
    }
}
