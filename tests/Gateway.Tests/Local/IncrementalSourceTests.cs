using System.Globalization;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using static ClusterGateway.Gateway.Tests.Apiserver.WatchStream;

namespace ClusterGateway.Gateway.Tests.Local;

/// <summary>
/// A change to one cluster file, or one hub Secret, reads (converts) that one and publishes its cluster only, as
/// <c>clustergateway_cluster_source_reads_total</c> on <c>/metrics</c> shows, and a watcher gets exactly the events
/// of those changes, in order, each at its own increasing resourceVersion.
/// </summary>
public sealed class IncrementalSourceTests : IAsyncLifetime
{
    private const string Path = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";
    private const string Reads = "clustergateway_cluster_source_reads_total";
    private const int Files = 100;

    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cg-incr-" + Guid.NewGuid().ToString("N")[..8]);

    private string Clusters => System.IO.Path.Combine(_directory, "clusters");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Clusters);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 60_000)]
    public async Task LocalMode_OneFileChangedAmongMany_ReadsThatFileOnlyAndWatchersSeeExactlyItsChanges()
    {
        for (var i = 0; i < Files; i++)
        {
            await WriteAsync(i, "token-1");
        }

        await using var gateway = await GatewayApp.StartAsync(new GatewayOptions
        {
            ClustersDir = Clusters, SecurePort = 0, WriteKubeconfig = System.IO.Path.Combine(_directory, "gw.kubeconfig"),
        }, _ => { }, CancellationToken.None);
        using var client = HubEnvironment.CreateClient(gateway);
        var list = JsonNode.Parse(await client.GetStringAsync(Path))!;
        list["items"]!.AsArray().Should().HaveCount(Files);
        // Nothing changed since the start's load, so the 2 s stat sweep (whenever it ran) read nothing more.
        (await ReadsAsync(client, "file")).Should().Be(Files);

        await using var watch = await OpenAsync(client, $"{Path}?watch=true&resourceVersion={list["metadata"]!["resourceVersion"]}");
        await WriteAsync(42, "token-2");
        var modified = (await watch.NextAsync(TestTimeouts.Default))!;
        await WriteAsync(Files, "token-1");
        var added = (await watch.NextAsync(TestTimeouts.Default))!;
        File.Delete(FilePath(0));
        var deleted = (await watch.NextAsync(TestTimeouts.Default))!;
        File.Move(FilePath(1), FilePath(1) + ".txt");
        var renamedAway = (await watch.NextAsync(TestTimeouts.Default))!;

        string[] expected = ["MODIFIED c042", "ADDED c100", "DELETED c000", "DELETED c001"];
        new[] { modified, added, deleted, renamedAway }.Select(Describe).Should().Equal(expected);
        new[] { modified, added, deleted, renamedAway }
            .Select(e => long.Parse(ResourceVersion(e), CultureInfo.InvariantCulture))
            .Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        ((string)modified["object"]!["spec"]!["access"]!["endpoint"]!["const"]!["address"]!)
            .Should().Be("https://c042.token-2.example:6443");
        // Two files were written (a deletion or a rename away reads nothing); each is read once by its watcher event
        // and at most once more by a stat sweep that ran before the event arrived. A folder re-read would add ~100.
        (await ReadsAsync(client, "file")).Should().BeInRange(Files + 2, Files + 4);
    }

    [Fact(Timeout = 60_000)]
    public async Task HubMode_OneSecretEvent_ConvertsThatSecretOnlyAndWatchersSeeExactlyItsChanges()
    {
        await using var env = await HubEnvironment.StartAsync(secrets: e =>
            e.DefaultSecrets().Concat(Enumerable.Range(0, 20).Select(i => e.TokenSecret($"extra-{i:D2}", "token-1"))));
        await env.WaitForRegistryAsync(r => r.IsSynced && r.Snapshot.Count == 23, "the Secrets to sync");
        using var client = env.CreateGatewayClient();
        var list = JsonNode.Parse(await client.GetStringAsync(Path))!;
        var before = await ReadsAsync(client, "secret");
        before.Should().BeGreaterThanOrEqualTo(23, "the initial list converted every Secret");

        await using var watch = await OpenAsync(client, $"{Path}?watch=true&resourceVersion={list["metadata"]!["resourceVersion"]}");
        env.Hub.Store.Put(env.TokenSecret("extra-07", "token-2"));
        var modified = (await watch.NextChangeAsync())!;
        env.Hub.Store.Delete(FakeResource.Secrets, HubEnvironment.SecretNamespace, "extra-11");
        var deleted = (await watch.NextChangeAsync())!;

        new[] { modified, deleted }.Select(Describe).Should().Equal("MODIFIED extra-07", "DELETED extra-11");
        long.Parse(ResourceVersion(deleted), CultureInfo.InvariantCulture).Should()
            .BeGreaterThan(long.Parse(ResourceVersion(modified), CultureInfo.InvariantCulture));
        // The update converted one Secret, the deletion none; a full conversion per event would add 22 or more.
        (await ReadsAsync(client, "secret")).Should().Be(before + 1);
    }

    private string FilePath(int index) => System.IO.Path.Combine(Clusters, $"f{index:D3}.yaml");

    // Written beside the folder and moved in, so the gateway never reads half a file.
    private async Task WriteAsync(int index, string token)
    {
        var staged = System.IO.Path.Combine(_directory, "staged.yaml");
        await File.WriteAllTextAsync(staged, $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: c{index:D3}
              labels:
                cluster.core.oam.dev/cluster-credential-type: ServiceAccountToken
            stringData:
              endpoint: https://c{index:D3}.{token}.example:6443
              token: {token}
            """);
        File.Move(staged, FilePath(index), overwrite: true);
    }

    private static async Task<long> ReadsAsync(HttpClient client, string source)
    {
        var text = await client.GetStringAsync("/metrics");
        var prefix = $"{Reads}{{source=\"{source}\"}} ";
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        line.Should().NotBeNull("/metrics has {0}", prefix);
        return long.Parse(line![prefix.Length..], CultureInfo.InvariantCulture);
    }
}
