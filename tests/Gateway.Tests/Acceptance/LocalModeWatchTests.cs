using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Tests.Apiserver;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using static ClusterGateway.Gateway.Tests.Apiserver.WatchStream;

namespace ClusterGateway.Gateway.Tests.Acceptance;

/// <summary>
/// Local mode (<c>--clusters-dir</c>): rewriting the folder so that 10,000 clusters change (ten files of 1,000, each
/// under the 1 MiB file limit, replaced one after the other) reaches a watcher as 10,000
/// events with their own increasing resourceVersions; a client resuming from the last one it saw gets exactly the
/// rest; another gateway process refuses that resourceVersion with 410 Expired.
/// </summary>
public sealed class LocalModeWatchTests : IAsyncLifetime
{
    private const string Path = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";
    private const int Count = 10_000;
    private const int PerFile = 1_000;

    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cg-watch-" + Guid.NewGuid().ToString("N")[..8]);

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

    [Fact(Timeout = 240_000)]
    public async Task FolderReloadChangingTenThousandClusters_EveryChangeIsSeenAndAResumeGetsExactlyTheRest()
    {
        await WriteAllAsync("token-1");
        await using var gateway = await StartAsync("gw.kubeconfig");
        await using var otherProcess = await StartAsync("other.kubeconfig");
        using var client = HubEnvironment.CreateClient(gateway);
        using var otherClient = HubEnvironment.CreateClient(otherProcess);
        var list = JsonNode.Parse(await client.GetStringAsync(Path))!;
        list["items"]!.AsArray().Should().HaveCount(Count);
        var listed = (string)list["metadata"]!["resourceVersion"]!;

        List<JsonObject> first;
        await using (var watch = await OpenAsync(client, $"{Path}?watch=true&resourceVersion={listed}"))
        {
            await WriteAllAsync("token-2");
            first = await watch.ReadAsync(4_300, TestTimeouts.Default);
        }

        var last = ResourceVersion(first[^1]);
        await using var resumed = await OpenAsync(client, $"{Path}?watch=true&resourceVersion={last}");
        var rest = await resumed.ReadAsync(Count - first.Count, TestTimeouts.Default);
        await using var elsewhere = await OpenAsync(otherClient, $"{Path}?watch=true&resourceVersion={last}");
        var refused = (await elsewhere.NextAsync())!;

        var all = first.Concat(rest).ToList();
        all.Select(Type).Should().AllBe("MODIFIED");
        all.Select(Name).Should().Equal(Enumerable.Range(0, Count).Select(ClusterName));
        all.Select(e => long.Parse(ResourceVersion(e), CultureInfo.InvariantCulture)).Should()
            .BeInAscendingOrder().And.OnlyHaveUniqueItems();
        all.Select(e => e["object"]!["spec"]!["access"]!["endpoint"]!["const"]!["address"]!.GetValue<string>())
            .Should().OnlyContain(address => address.EndsWith(".token-2.example:6443", StringComparison.Ordinal));
        Type(refused).Should().Be("ERROR");
        refused["object"]!["code"]!.GetValue<int>().Should().Be(410);
        refused["object"]!["reason"]!.GetValue<string>().Should().Be("Expired");
    }

    private Task<GatewayApp> StartAsync(string kubeconfig) => GatewayApp.StartAsync(new GatewayOptions
    {
        ClustersDir = Clusters, SecurePort = 0, WriteKubeconfig = System.IO.Path.Combine(_directory, kubeconfig),
    }, _ => { }, CancellationToken.None);

    private static string ClusterName(int index) => $"c{index:D5}";

    // Each file is written beside the folder and moved in, so a reload never reads half a file.
    private async Task WriteAllAsync(string token)
    {
        for (var file = 0; file < Count / PerFile; file++)
        {
            var staged = System.IO.Path.Combine(_directory, $"staged-{file}.yaml");
            await File.WriteAllTextAsync(staged, Manifests(token, file * PerFile, PerFile));
            File.Move(staged, System.IO.Path.Combine(Clusters, $"clusters-{file:D2}.yaml"), overwrite: true);
        }
    }

    private static string Manifests(string token, int first, int count)
    {
        var text = new StringBuilder();
        for (var i = first; i < first + count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: {ClusterName(i)}
                  labels:
                    cluster.core.oam.dev/cluster-credential-type: ServiceAccountToken
                stringData:
                  endpoint: https://{ClusterName(i)}.{token}.example:6443
                  token: {token}
                ---

                """);
        }

        return text.ToString();
    }
}
