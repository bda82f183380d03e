using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Tests.Desired;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Installation;

/// <summary>
/// The installation's owner references against the hub's garbage collector: every object the manager owns survives
/// the collector's check (owner apiVersion, kind, name and uid resolve; no cross-namespace owner), and deleting the
/// configuration takes them all (but not the namespaces nor the signer).
/// </summary>
public sealed class InstallationGarbageCollectionTests
{
    private const string InstallNs = "vela-system";

    [Fact(Timeout = 60_000)]
    public async Task Deleting_the_configuration_collects_the_installation_and_keeps_namespaces_and_signer()
    {
        await using var hub = await InstallationHarness.StartAsync();
        var configuration = hub.PutConfiguration(DesiredFixtures.Direct());
        await hub.ReconcileAsync();
        hub.SetReadyReplicas(InstallNs, 1);
        await hub.ReconcileAsync();
        var uid = configuration["metadata"]!["uid"]!.GetValue<string>();
        var owned = Owned(hub.Store, uid);
        owned.Select(o => o.Object["kind"]!.GetValue<string>()).Should().Contain(
            ["Deployment", "Service", "ServiceAccount", "Secret", "APIService", "ClusterRoleBinding"]);
        using var client = hub.Server.CreateClient(InstallationHarness.Token);

        // The collector checks owners in order: once a later dangling dependent is gone, every owned object was checked.
        var canary = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = "canary",
                ["namespace"] = InstallNs,
                ["ownerReferences"] = new JsonArray(Reference(configuration, Guid.NewGuid().ToString())),
            },
        };
        await using (var canaryGone = await Watch.StartAsync(client, hub.Store, FakeResource.ConfigMaps))
        {
            hub.Store.Put(FakeResource.ConfigMaps, canary);
            await canaryGone.DeletedAsync(InstallNs, "canary");
        }

        Owned(hub.Store, uid).Select(Key).Should().BeEquivalentTo(owned.Select(Key),
            "the manager's owner references name the live configuration");

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
                await watches[resource.QualifiedResource].DeletedAsync(
                    obj["metadata"]!["namespace"]?.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>());
            }
        }
        finally
        {
            foreach (var watch in watches.Values)
            {
                await watch.DisposeAsync();
            }
        }

        hub.Store.Get(FakeResource.Namespaces, null, InstallNs).Should().NotBeNull("namespaces carry no owner reference");
        hub.Secret(InstallationHarness.ManagerNamespace, InstallationHarness.SignerSecret).Should().NotBeNull(
            "the signer outlives configurations");
        hub.Store.BackgroundErrors.Should().BeEmpty();
    }

    private static List<(FakeResource Resource, JsonObject Object)> Owned(FakeObjectStore store, string uid) =>
        [.. store.Resources.Where(r => !r.CreateOnly).DistinctBy(r => r.QualifiedResource)
            .SelectMany(r => store.List(r).Select(o => (Resource: r, Object: o)))
            .Where(p => p.Object["metadata"]?["ownerReferences"] is JsonArray refs &&
                refs.Any(x => x?["uid"]?.GetValue<string>() == uid))];

    private static string Key((FakeResource Resource, JsonObject Object) p) =>
        $"{p.Resource.QualifiedResource} {p.Object["metadata"]!["namespace"]}/{p.Object["metadata"]!["name"]} " +
        $"{p.Object["metadata"]!["uid"]}";

    private static JsonObject Reference(JsonObject owner, string uid) => new()
    {
        ["apiVersion"] = owner["apiVersion"]!.GetValue<string>(),
        ["kind"] = owner["kind"]!.GetValue<string>(),
        ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
        ["uid"] = uid,
    };

    /// <summary>A cluster-wide watch over HTTP from the store's current resourceVersion.</summary>
    private sealed class Watch : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;
        private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);

        private Watch(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public static async Task<Watch> StartAsync(HttpClient client, FakeObjectStore store, FakeResource resource)
        {
            var prefix = resource.Group.Length == 0 ? "/api/v1" : $"/apis/{resource.ApiVersion}";
            var rv = store.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            var response = await client.GetAsync($"{prefix}/{resource.Plural}?watch=1&resourceVersion={rv}",
                HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Short, $"watch {resource.Plural}");
            response.EnsureSuccessStatusCode();
            return new Watch(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        public async Task DeletedAsync(string? ns, string name)
        {
            while (!_deleted.Contains($"{ns}/{name}"))
            {
                var line = await _reader.ReadLineAsync().WaitAsync(TestTimeouts.Default, $"DELETED of {ns}/{name}") ??
                    throw new InvalidOperationException($"the watch ended before {ns}/{name} was deleted");
                var e = JsonNode.Parse(line)!;
                var metadata = e["object"]!["metadata"]!;
                if (e["type"]!.GetValue<string>() == "DELETED")
                {
                    _deleted.Add($"{metadata["namespace"]?.GetValue<string>()}/{metadata["name"]!.GetValue<string>()}");
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
