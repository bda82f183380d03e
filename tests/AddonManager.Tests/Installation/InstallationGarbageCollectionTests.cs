using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Tests.Desired;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Installation;

/// <summary>
/// The installation's owner references against the hub's garbage collector: every object the manager owns survives
/// the collector's check (owner apiVersion, kind, name and uid resolve; no cross-namespace owner); once the APIService
/// is registered, every serving-path object also names it as a second owner, so deleting the configuration removes the
/// APIService first and the rest only after it (but never the namespaces nor the signer).
/// </summary>
public sealed class InstallationGarbageCollectionTests
{
    private const string InstallNs = "vela-system";
    private const string SourceNs = "open-cluster-management-addon";

    [Fact(Timeout = 60_000)]
    public async Task Registering_the_APIService_makes_it_a_second_owner_of_the_serving_path_in_the_same_reconcile()
    {
        await using var hub = await StartClusterProxyAsync();
        await hub.ReconcileAsync();
        var configuration = hub.Store.Get(InstallationHarness.Configurations, null, "cluster-gateway")!;
        var uid = configuration["metadata"]!["uid"]!.GetValue<string>();
        Owned(hub.Store, uid).Should().NotBeEmpty().And.OnlyContain(o => References(o.Object).Count == 1,
            "before the APIService exists the configuration is the only owner");

        hub.SetReadyReplicas(InstallNs, 1);
        await hub.ReconcileAsync();

        var apiService = hub.Store.Get(FakeResource.ApiServices, null, ApiServiceName)!;
        ServingPath(hub.Store, uid).Select(o => $"{Kind(o)} {Name(o)}").Should().BeEquivalentTo(ExpectedServingPath);
        foreach (var (_, obj) in ServingPath(hub.Store, uid))
        {
            ShouldBeOwnedByConfigurationAndApiService(obj, configuration, apiService);
        }

        References(apiService).Should().ContainSingle().Which["uid"]!.GetValue<string>().Should().Be(uid,
            "the configuration is the APIService's only owner");
    }

    [Fact(Timeout = 60_000)]
    public async Task Deleting_the_configuration_removes_the_APIService_before_the_serving_path_then_collects_it()
    {
        await using var hub = await StartClusterProxyAsync();
        await hub.ReconcileAsync();
        hub.SetReadyReplicas(InstallNs, 1);
        await hub.ReconcileAsync();
        var configuration = hub.Store.Get(InstallationHarness.Configurations, null, "cluster-gateway")!;
        var uid = configuration["metadata"]!["uid"]!.GetValue<string>();
        var apiServiceUid = hub.Store.Get(FakeResource.ApiServices, null, ApiServiceName)!["metadata"]!["uid"]!.GetValue<string>();
        var owned = Owned(hub.Store, uid);
        owned.Select(Kind).Should().Contain(
            ["Deployment", "Service", "ServiceAccount", "Secret", "APIService", "Role", "RoleBinding", "ClusterRole",
                "ClusterRoleBinding"]);
        using var client = hub.Server.CreateClient(InstallationHarness.Token);

        // The collector handles changes in order: once a later dangling dependent is gone, every owned object was checked.
        await CollectCanaryAsync(hub, client, configuration);
        Owned(hub.Store, uid).Select(Key).Should().BeEquivalentTo(owned.Select(Key),
            "the manager's owner references name the live configuration and APIService");

        var deletions = new List<Deletion>();
        var watches = new Dictionary<string, Watch>(StringComparer.Ordinal);
        try
        {
            foreach (var resource in owned.Select(o => o.Resource).DistinctBy(r => r.QualifiedResource))
            {
                watches[resource.QualifiedResource] = await Watch.StartAsync(client, hub.Store, resource);
            }

            using var response = await client.DeleteAsync(
                $"/apis/{InstallationHarness.Configurations.ApiVersion}/clustergatewayconfigurations/cluster-gateway")
                .WaitAsync(TestTimeouts.Short, "DELETE of the configuration");
            response.StatusCode.Should().Be(HttpStatusCode.OK);

            foreach (var (resource, obj) in owned)
            {
                deletions.Add(await watches[resource.QualifiedResource].DeletedAsync(
                    obj["metadata"]!["namespace"]?.GetValue<string>(), Name(obj)));
            }
        }
        finally
        {
            foreach (var watch in watches.Values)
            {
                await watch.DisposeAsync();
            }
        }

        // Every owned object is gone; the DELETED events' resourceVersions give the order the hub removed them in.
        var order = deletions.OrderBy(d => d.ResourceVersion).ToList();
        var apiServiceGone = order.Single(d => d.Kind == "APIService");
        order[0].Should().Be(apiServiceGone, "the APIService goes first; the order was: {0}", Describe(order));
        foreach (var dependent in order.Where(d => d != apiServiceGone))
        {
            dependent.ResourceVersion.Should().BeGreaterThan(apiServiceGone.ResourceVersion,
                $"{dependent.Kind} {dependent.Name} serves the APIService and must outlive it");
            // Either the collector dropped the configuration's reference first, or it reached the object only after the
            // APIService was gone as well; in both cases the APIService held it.
            dependent.LastOwners.Should().Contain(apiServiceUid,
                $"{dependent.Kind} {dependent.Name} was held by the APIService until it was gone");
        }

        order.Select(d => d.Kind).Should().Contain(["Deployment", "Service", "ServiceAccount", "Role", "RoleBinding",
            "ClusterRole", "ClusterRoleBinding", "Secret"]);
        hub.Store.Get(FakeResource.Namespaces, null, InstallNs).Should().NotBeNull("namespaces carry no owner reference");
        hub.Secret(InstallationHarness.ManagerNamespace, InstallationHarness.SignerSecret).Should().NotBeNull(
            "the signer outlives configurations");
        hub.Secret(SourceNs, "my-proxy-client").Should().NotBeNull("the copies' sources are not the manager's");
        hub.Store.BackgroundErrors.Should().BeEmpty();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_recreated_APIService_replaces_the_stale_owner_reference()
    {
        await using var hub = await StartClusterProxyAsync();
        await hub.ReconcileAsync();
        hub.SetReadyReplicas(InstallNs, 1);
        await hub.ReconcileAsync();
        var configuration = hub.Store.Get(InstallationHarness.Configurations, null, "cluster-gateway")!;
        var uid = configuration["metadata"]!["uid"]!.GetValue<string>();
        var old = hub.Store.Get(FakeResource.ApiServices, null, ApiServiceName)!;
        var oldUid = old["metadata"]!["uid"]!.GetValue<string>();

        // Someone deletes and re-creates it (e.g. a re-applied manifest): same name, new uid.
        hub.Store.Delete(FakeResource.ApiServices, null, ApiServiceName);
        var recreated = old.DeepClone().AsObject();
        foreach (var field in new[] { "uid", "resourceVersion", "managedFields", "creationTimestamp" })
        {
            recreated["metadata"]!.AsObject().Remove(field);
        }

        var newUid = hub.Store.Put(FakeResource.ApiServices, recreated)["metadata"]!["uid"]!.GetValue<string>();
        newUid.Should().NotBe(oldUid);
        await hub.ReconcileAsync();
        using var client = hub.Server.CreateClient(InstallationHarness.Token);
        await CollectCanaryAsync(hub, client, configuration);

        var apiService = hub.Store.Get(FakeResource.ApiServices, null, ApiServiceName)!;
        apiService["metadata"]!["uid"]!.GetValue<string>().Should().Be(newUid);
        ServingPath(hub.Store, uid).Select(o => $"{Kind(o)} {Name(o)}").Should().BeEquivalentTo(ExpectedServingPath,
            "nothing was collected: the configuration still owns everything");
        foreach (var (_, obj) in ServingPath(hub.Store, uid))
        {
            ShouldBeOwnedByConfigurationAndApiService(obj, configuration, apiService);
        }

        hub.Store.BackgroundErrors.Should().BeEmpty();
    }

    private const string ApiServiceName = "v1alpha1.cluster.core.oam.dev";

    private static readonly string[] ExpectedServingPath =
    [
        "ServiceAccount cluster-gateway", "Service cluster-gateway", "Deployment gateway-deployment",
        "Role cluster-gateway", "RoleBinding cluster-gateway",
        "RoleBinding extension-apiserver-authentication-reader:cluster-gateway",
        "ClusterRole apiserver-aggregation:cluster-gateway", "ClusterRoleBinding apiserver-aggregation:cluster-gateway",
        "ClusterRoleBinding cluster-gateway:system:auth-delegator",
        "Secret cluster-gateway-tls-cert", "Secret my-proxy-ca", "Secret my-proxy-client",
    ];

    private static async Task<InstallationHarness> StartClusterProxyAsync()
    {
        var hub = await InstallationHarness.StartAsync();
        hub.Store.Put(FakeResource.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = SourceNs } });
        hub.Store.Put(FakeResource.Secrets, Source("my-proxy-ca", "ca.crt", "Y2E="));
        hub.Store.Put(FakeResource.Secrets, Source("my-proxy-client", "tls.crt", "Y2VydA=="));
        hub.PutConfiguration(DesiredFixtures.ClusterProxy());
        return hub;
    }

    private static void ShouldBeOwnedByConfigurationAndApiService(JsonObject obj, JsonObject configuration, JsonObject apiService)
    {
        var references = References(obj);
        var because = $"{Kind(obj)} {Name(obj)} is on the serving path";
        references.Should().HaveCount(2, because);
        var controller = references.Single(r => r["controller"]?.GetValue<bool>() == true);
        controller["kind"]!.GetValue<string>().Should().Be("ClusterGatewayConfiguration", because);
        controller["uid"]!.GetValue<string>().Should().Be(configuration["metadata"]!["uid"]!.GetValue<string>(), because);
        var second = references.Single(r => r != controller);
        second["apiVersion"]!.GetValue<string>().Should().Be("apiregistration.k8s.io/v1", because);
        second["kind"]!.GetValue<string>().Should().Be("APIService", because);
        second["name"]!.GetValue<string>().Should().Be(ApiServiceName, because);
        second["uid"]!.GetValue<string>().Should().Be(apiService["metadata"]!["uid"]!.GetValue<string>(), because);
        second["blockOwnerDeletion"]!.GetValue<bool>().Should().BeTrue(because);
        (second["controller"]?.GetValue<bool>() ?? false).Should().BeFalse(because);
    }

    // A ConfigMap owned by a configuration uid that does not exist: the collector deletes it once it reaches it, after
    // every change made before it.
    private static async Task CollectCanaryAsync(InstallationHarness hub, HttpClient client, JsonObject configuration)
    {
        var canary = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = "canary",
                ["namespace"] = InstallNs,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = configuration["apiVersion"]!.GetValue<string>(),
                    ["kind"] = configuration["kind"]!.GetValue<string>(),
                    ["name"] = Name(configuration),
                    ["uid"] = Guid.NewGuid().ToString(),
                }),
            },
        };
        await using var canaryGone = await Watch.StartAsync(client, hub.Store, FakeResource.ConfigMaps);
        hub.Store.Put(FakeResource.ConfigMaps, canary);
        await canaryGone.DeletedAsync(InstallNs, "canary");
    }

    private static List<(FakeResource Resource, JsonObject Object)> Owned(FakeObjectStore store, string uid) =>
        [.. store.Resources.Where(r => !r.CreateOnly).DistinctBy(r => r.QualifiedResource)
            .SelectMany(r => store.List(r).Select(o => (Resource: r, Object: o)))
            .Where(p => References(p.Object).Any(x => x["uid"]?.GetValue<string>() == uid))];

    private static List<(FakeResource Resource, JsonObject Object)> ServingPath(FakeObjectStore store, string uid) =>
        [.. Owned(store, uid).Where(o => Kind(o) != "APIService")];

    private static List<JsonObject> References(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray refs ? [.. refs.OfType<JsonObject>()] : [];

    private static string Kind((FakeResource Resource, JsonObject Object) p) => p.Resource.Kind;

    private static string Kind(JsonObject obj) => obj["kind"]?.GetValue<string>() ?? "";

    private static string Name((FakeResource Resource, JsonObject Object) p) => Name(p.Object);

    private static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();

    private static string Key((FakeResource Resource, JsonObject Object) p) =>
        $"{p.Resource.QualifiedResource} {p.Object["metadata"]!["namespace"]}/{Name(p.Object)} {p.Object["metadata"]!["uid"]}";

    private static string Describe(IEnumerable<Deletion> order) =>
        string.Join(", ", order.Select(d => $"{d.ResourceVersion} {d.Kind} {d.Name}"));

    private static JsonObject Source(string name, string key, string base64) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = SourceNs },
        ["type"] = "Opaque",
        ["data"] = new JsonObject { [key] = base64 },
    };

    /// <summary>A DELETED watch event: the removal's resourceVersion and the owner uids of the object's last state.</summary>
    private sealed record Deletion(string Kind, string? Namespace, string Name, long ResourceVersion, IReadOnlyList<string> LastOwners);

    /// <summary>A cluster-wide watch over HTTP from the store's current resourceVersion.</summary>
    private sealed class Watch : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;
        private readonly FakeResource _resource;
        private readonly Dictionary<string, Deletion> _deleted = new(StringComparer.Ordinal);

        private Watch(HttpResponseMessage response, StreamReader reader, FakeResource resource)
        {
            _response = response;
            _reader = reader;
            _resource = resource;
        }

        public static async Task<Watch> StartAsync(HttpClient client, FakeObjectStore store, FakeResource resource)
        {
            var prefix = resource.Group.Length == 0 ? "/api/v1" : $"/apis/{resource.ApiVersion}";
            var rv = store.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            var response = await client.GetAsync($"{prefix}/{resource.Plural}?watch=1&resourceVersion={rv}",
                HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Short, $"watch {resource.Plural}");
            response.EnsureSuccessStatusCode();
            return new Watch(response, new StreamReader(await response.Content.ReadAsStreamAsync()), resource);
        }

        public async Task<Deletion> DeletedAsync(string? ns, string name)
        {
            Deletion? deletion;
            while (!_deleted.TryGetValue($"{ns}/{name}", out deletion))
            {
                var line = await _reader.ReadLineAsync().WaitAsync(TestTimeouts.Default, $"DELETED of {ns}/{name}") ??
                    throw new InvalidOperationException($"the watch ended before {ns}/{name} was deleted");
                var e = JsonNode.Parse(line)!;
                var obj = e["object"]!.AsObject();
                var metadata = obj["metadata"]!;
                if (e["type"]!.GetValue<string>() == "DELETED")
                {
                    var key = $"{metadata["namespace"]?.GetValue<string>()}/{metadata["name"]!.GetValue<string>()}";
                    _deleted[key] = new Deletion(_resource.Kind, metadata["namespace"]?.GetValue<string>(),
                        metadata["name"]!.GetValue<string>(),
                        long.Parse(metadata["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                        [.. References(obj).Select(r => r["uid"]!.GetValue<string>())]);
                }
            }

            return deletion;
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
