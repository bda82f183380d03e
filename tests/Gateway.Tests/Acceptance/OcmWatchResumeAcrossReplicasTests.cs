using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Tests.Ocm;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Xunit.Abstractions;
using static ClusterGateway.Gateway.Tests.Apiserver.WatchStream;

namespace ClusterGateway.Gateway.Tests.Acceptance;

/// <summary>
/// Hub mode with <c>--ocm-integration</c>, two gateway replicas on one hub that serves the real ManagedCluster CRD.
/// A merged clustergateway changes with two hub streams (Secrets, ManagedClusters) that each replica interleaves on
/// its own, so resourceVersions are each process's own: a watch resumed on the other replica ends at once with
/// ERROR 410 Expired (the client relists there), while a resume on the replica that issued the revision continues
/// exactly. <c>m1</c> is a Secret with <c>endpoint</c>; <c>m2</c> an upstream-style Secret whose endpoint comes from
/// its ManagedCluster; both ManagedClusters report Available=True.
/// </summary>
public sealed class OcmWatchResumeAcrossReplicasTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Path = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";

    /// <summary>Replica B reads the hub with its own token, so the hub can tell its requests apart.</summary>
    private const string ReplicaToken = "hub-token-replica-b";

    /// <summary>
    /// How soon the foreign resume must be refused: below the 3 s a replica waits for a hub revision it has not
    /// reached yet, so a refusal in time proves it was not treated as one (and then answered 504 TooLarge).
    /// </summary>
    private static readonly TimeSpan RefusalBound = TimeSpan.FromSeconds(2);

    private HubEnvironment _env = null!;

    public async Task InitializeAsync()
    {
        _env = await HubEnvironment.StartAsync(
            env =>
            [
                env.TokenSecret("m1", HubEnvironment.ClusterBToken),
                HubEnvironment.Secret("m2", "ServiceAccountToken", new() { ["token"] = HubEnvironment.ClusterBToken }),
                .. new[] { "m1", "m2" }.Select(n => OcmObjects.ManagedCluster(n, env.ClusterB.Url.ToString(), env.ClusterB.CaPem)),
            ],
            hub =>
            {
                hub.Store = OcmObjects.StoreWithCrd();
                hub.Tokens[ReplicaToken] = HubEnvironment.GatewayServiceAccount;
            },
            WithOcm);
        // The ManagedClusters are merged (m2 has its endpoint) and watched, so later lists hold no pending change.
        await _env.WaitForRegistryAsync(r => Healthy(r, "m2") == true, "replica A to merge the ManagedClusters");
        await _env.Hub.Store.WaitForWatchAsync(OcmObjects.ManagedClusters);
    }

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task ResumeOnTheOtherReplica_IsExpiredAtOnce_ResumeOnTheSameReplicaContinues_RelistOnTheOtherWatches()
    {
        await using var replica = await StartReplicaAsync();
        using var a = _env.CreateGatewayClient();
        using var b = HubEnvironment.CreateClient(replica);
        // The connection to B is set up outside the measurement below.
        (await b.GetAsync(Path)).EnsureSuccessStatusCode();
        var listed = await ListAsync(a);
        List<JsonObject> onA = [];
        await using (var watch = await OpenAsync(a, $"{Path}?watch=true&resourceVersion={Revision(listed)}"))
        {
            _env.Hub.Store.Put(_env.TokenSecret("c1", HubEnvironment.ClusterBToken));
            onA.Add((await watch.NextAsync(TestTimeouts.Default))!);
            PutManagedCluster("m2", available: "False");
            onA.Add((await watch.NextAsync(TestTimeouts.Default))!);
        }

        onA.Select(Describe).Should().Equal("ADDED c1", "MODIFIED m2");
        Healthy(onA[1]).Should().BeFalse("the ManagedCluster's Available=False is merged");
        Number(ResourceVersion(onA[0])).Should().BeGreaterThan(Number(Revision(listed)));
        Number(ResourceVersion(onA[1])).Should().BeGreaterThan(Number(ResourceVersion(onA[0])));

        // The client reconnects to B with the last resourceVersion it saw on A: B never issued it.
        var elapsed = Stopwatch.StartNew();
        await using (var elsewhere = await OpenAsync(b, $"{Path}?watch=true&resourceVersion={ResourceVersion(onA[1])}"))
        {
            var error = (await elsewhere.NextAsync())!;
            elapsed.Stop();
            output.WriteLine($"replica B refused the foreign resourceVersion in {elapsed.Elapsed.TotalMilliseconds:F0} ms: {error.ToJsonString()}");
            Type(error).Should().Be("ERROR", error.ToJsonString());
            error["object"]!["code"]!.GetValue<int>().Should().Be(410);
            error["object"]!["reason"]!.GetValue<string>().Should().Be("Expired");
            elapsed.Elapsed.Should().BeLessThan(RefusalBound);
            (await elsewhere.NextAsync()).Should().BeNull("the stream ends after the ERROR");
        }

        // On A, the same resourceVersion resumes exactly: the first event is the next change.
        await using (var same = await OpenAsync(a, $"{Path}?watch=true&resourceVersion={ResourceVersion(onA[1])}"))
        {
            PutManagedCluster("m2", available: "True");
            var next = (await same.NextAsync(TestTimeouts.Default))!;
            Describe(next).Should().Be("MODIFIED m2", next.ToJsonString());
            Healthy(next).Should().BeTrue();
            Number(ResourceVersion(next)).Should().BeGreaterThan(Number(ResourceVersion(onA[1])));
        }

        // What client-go does after the 410: list on B and watch from B's own resourceVersion.
        await replica.Registry.WaitForAsync(r => r.Snapshot.ContainsKey("c1") && Healthy(r, "m2") == true,
            "replica B to apply the changes made so far");
        var relisted = await ListAsync(b);
        relisted["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).Should().Equal("c1", "m1", "m2");
        await using var rewatch = await OpenAsync(b, $"{Path}?watch=true&resourceVersion={Revision(relisted)}");
        _env.Hub.Store.Put(_env.TokenSecret("c2", HubEnvironment.ClusterBToken));
        var added = (await rewatch.NextAsync(TestTimeouts.Default))!;
        PutManagedCluster("m1", available: "False");
        var modified = (await rewatch.NextAsync(TestTimeouts.Default))!;

        Describe(added).Should().Be("ADDED c2", added.ToJsonString());
        Describe(modified).Should().Be("MODIFIED m1", modified.ToJsonString());
        Healthy(modified).Should().BeFalse();
        Number(ResourceVersion(added)).Should().BeGreaterThan(Number(Revision(relisted)));
        Number(ResourceVersion(modified)).Should().BeGreaterThan(Number(ResourceVersion(added)));
    }

    private static GatewayOptions WithOcm(GatewayOptions options) =>
        options with { OcmIntegration = true, OcmDiscoveryInterval = TimeSpan.FromMilliseconds(200) };

    // Replica B with the same OCM integration, once it merged the ManagedClusters and watches both hub streams.
    private async Task<GatewayApp> StartReplicaAsync()
    {
        var secretWatches = _env.Hub.Store.WatchesStarted(FakeResource.Secrets);
        var clusterWatches = _env.Hub.Store.WatchesStarted(OcmObjects.ManagedClusters);
        var replica = await _env.StartReplicaAsync(ReplicaToken, WithOcm);
        try
        {
            await replica.Registry.WaitForAsync(r => Healthy(r, "m2") == true, "replica B to merge the ManagedClusters");
            await _env.Hub.Store.WaitForWatchAsync(FakeResource.Secrets, secretWatches + 1);
            await _env.Hub.Store.WaitForWatchAsync(OcmObjects.ManagedClusters, clusterWatches + 1);
            return replica;
        }
        catch
        {
            await replica.DisposeAsync();
            throw;
        }
    }

    private void PutManagedCluster(string name, string available) =>
        _env.Hub.Store.Put(OcmObjects.ManagedCluster(name, _env.ClusterB.Url.ToString(), _env.ClusterB.CaPem,
            available: available, reason: available == "True" ? "ManagedClusterAvailable" : "ManagedClusterLeaseUpdateStopped"));

    private static bool? Healthy(IClusterRegistry registry, string name) =>
        registry.Snapshot.TryGetValue(name, out var entry) ? entry.Gateway?.Status.Healthy : null;

    private static bool? Healthy(JsonObject watchEvent) => (bool?)watchEvent["object"]!["status"]?["healthy"];

    private static async Task<JsonObject> ListAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync(Path))!.AsObject();

    private static string Revision(JsonObject list) => (string)list["metadata"]!["resourceVersion"]!;

    private static long Number(string resourceVersion) => long.Parse(resourceVersion, CultureInfo.InvariantCulture);
}
