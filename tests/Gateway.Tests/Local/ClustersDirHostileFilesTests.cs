using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Local;

/// <summary>
/// The <c>--clusters-dir</c> folder is untrusted input: every hostile file is logged naming it, the real gateway
/// binary keeps running and serving (and proxying to) the good cluster, and a later good change is still picked up,
/// which proves reloading survived the attack.
/// </summary>
public sealed class ClustersDirHostileFilesTests : IAsyncLifetime
{
    private const string GatewayToken = "gateway-token";
    private const string Api = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cg-hostile-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    {
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", GatewayToken) },
        Timeout = TestTimeouts.Default,
    };

    private FakeApiServer _cluster = null!;
    private Uri _url = null!;

    private string Clusters => Path.Combine(_root, "clusters");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Clusters);
        _cluster = await FakeApiServer.StartAsync(new FakeApiServerOptions { Name = "good", Tokens = { ["good-token"] = "admin" } });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _cluster.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact(Timeout = 120_000)]
    public Task SelfAlias_IsRefusedAndLogged_GatewayKeepsServingAndReloading() =>
        AttackAsync("bad.yaml", file => File.WriteAllText(file, "x: &a [1, *a]\n"), "anchors (&a) are not allowed");

    [Fact(Timeout = 120_000)]
    public Task MergeKeyOverAlias_IsRefusedAndLogged_GatewayKeepsServingAndReloading() =>
        AttackAsync("bad.yaml", file => File.WriteAllText(file, "x: &a\n  y: 1\n  <<: *a\n"), "are not allowed");

    [Fact(Timeout = 120_000)]
    public Task Nesting100000Deep_IsRefusedAndLogged_GatewayKeepsServingAndReloading() =>
        AttackAsync("deep.yaml", file => File.WriteAllText(file, new string('[', 100_000) + new string(']', 100_000)),
            "nested more than 32 levels deep");

    [Fact(Timeout = 120_000)]
    public Task AliasBomb_IsRefusedAndLogged_GatewayKeepsServingAndReloading() =>
        AttackAsync("bomb.yaml", file => File.WriteAllText(file, AliasBomb()), "are not allowed");

    [Fact(Timeout = 120_000)]
    public Task Fifo_IsRefusedWithoutBlocking_GatewayKeepsServingAndReloading() =>
        AttackAsync("pipe.yaml", MakeFifo, "is not a regular file but a FIFO");

    [Fact(Timeout = 120_000)]
    public Task SymlinkToDevZero_IsRefusedAndLogged_GatewayKeepsServingAndReloading() =>
        AttackAsync("zero.yaml", file => File.CreateSymbolicLink(file, "/dev/zero"),
            "is not a regular file but a character device");

    [Fact(Timeout = 120_000)]
    public Task FileOverTheSizeLimit_IsRefusedAndLogged_GatewayKeepsServingAndReloading() =>
        AttackAsync("big.yaml", file => File.WriteAllText(file, "# " + new string('x', 1024 * 1024) + "\n"),
            "more than the limit of 1048576 bytes");

    [Fact(Timeout = 120_000)]
    public async Task GoodFileTurnedBad_KeepsItsLastGoodClusters_UntilDeleted()
    {
        await using var gateway = await StartGatewayAsync();
        var good = Path.Combine(Clusters, "good.yaml");

        var mark = gateway.LineCount;
        await File.WriteAllTextAsync(good, AliasBomb());
        await WaitForLineAsync(gateway, mark, "good.yaml", "still serving the 1 clusters of its last good version");
        await AssertServesAsync("good");

        mark = gateway.LineCount;
        File.Delete(good);
        await WaitForLineAsync(gateway, mark, "Loaded 0 clusters");
        await AssertNotFoundAsync("good");

        mark = gateway.LineCount;
        await File.WriteAllTextAsync(Path.Combine(Clusters, "next.yaml"), Secret("next"));
        await WaitForLineAsync(gateway, mark, "Loaded 1 clusters");
        await AssertServesAsync("next");
        gateway.HasExited.Should().BeFalse(gateway.Output);
    }

    [Fact(Timeout = 120_000)]
    public async Task FolderRemovedAndRestored_ItsClustersGoAndComeBack_OtherClustersServedThroughout()
    {
        var imported = Path.Combine(_root, "steady.kubeconfig");
        await File.WriteAllTextAsync(imported, Kubeconfig.Build("steady", _cluster.Url, _cluster.CaPem, token: "good-token"));
        await using var gateway = await StartGatewayAsync("--import-kubeconfig", imported);
        await AssertServesAsync("steady");

        var mark = gateway.LineCount;
        Directory.Delete(Clusters, recursive: true);
        await WaitForLineAsync(gateway, mark, Clusters, "does not exist");
        await AssertNotFoundAsync("good");
        await AssertServesAsync("steady");

        mark = gateway.LineCount;
        Directory.CreateDirectory(Clusters);
        await File.WriteAllTextAsync(Path.Combine(Clusters, "next.yaml"), Secret("next"));
        await WaitForLineAsync(gateway, mark, "Loaded 1 clusters");
        await AssertServesAsync("next");
        await AssertServesAsync("steady");
        gateway.HasExited.Should().BeFalse(gateway.Output);
    }

    private async Task AttackAsync(string name, Action<string> attack, string problem)
    {
        await using var gateway = await StartGatewayAsync();

        var mark = gateway.LineCount;
        attack(Path.Combine(Clusters, name));
        await WaitForLineAsync(gateway, mark, name, problem);
        await AssertServesAsync("good");

        // The positive signal: a good change after the attack is still picked up.
        mark = gateway.LineCount;
        await File.WriteAllTextAsync(Path.Combine(Clusters, "next.yaml"), Secret("next"));
        await WaitForLineAsync(gateway, mark, "Loaded 2 clusters");
        await AssertServesAsync("next");
        await AssertServesAsync("good");
        gateway.HasExited.Should().BeFalse(gateway.Output);
    }

    private async Task<GatewayProcess> StartGatewayAsync(params string[] extra)
    {
        await File.WriteAllTextAsync(Path.Combine(Clusters, "good.yaml"), Secret("good"));
        var gateway = GatewayProcess.Start(
            ["--clusters-dir", Clusters, "--secure-port", "0", "--token", GatewayToken, .. extra]);
        _url = await gateway.Serving.WaitAsync(TestTimeouts.Long, "the gateway to print its URL");
        await AssertServesAsync("good");
        return gateway;
    }

    private static async Task WaitForLineAsync(GatewayProcess gateway, int mark, params string[] parts)
    {
        var exited = gateway.WaitForExitAsync().ContinueWith(t => "exited with " + t.Result, TaskScheduler.Default);
        var line = gateway.WaitForLineAsync(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)), mark);
        var first = await Task.WhenAny(line, exited).Unwrap()
            .WaitAsync(TestTimeouts.Default, $"a log line with {string.Join(" and ", parts)}");
        gateway.HasExited.Should().BeFalse($"the gateway must keep running ({first}):\n{gateway.Output}");
    }

    private async Task AssertServesAsync(string name)
    {
        using var get = await _client.GetAsync(new Uri(_url, $"{Api}/{name}"));
        get.StatusCode.Should().Be(HttpStatusCode.OK, await get.Content.ReadAsStringAsync());
        using var proxied = await _client.GetAsync(new Uri(_url, $"{Api}/{name}/proxy/api/v1/namespaces/default"));
        proxied.StatusCode.Should().Be(HttpStatusCode.OK, await proxied.Content.ReadAsStringAsync());
        (await proxied.Content.ReadAsStringAsync()).Should().Contain("\"name\":\"default\"");
    }

    private async Task AssertNotFoundAsync(string name)
    {
        using var get = await _client.GetAsync(new Uri(_url, $"{Api}/{name}"));
        get.StatusCode.Should().Be(HttpStatusCode.NotFound, await get.Content.ReadAsStringAsync());
    }

    private string Secret(string name) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: {name}
          labels:
            cluster.core.oam.dev/cluster-credential-type: ServiceAccountToken
        stringData:
          endpoint: {_cluster.Url}
          token: good-token
          ca.crt: |
        {string.Join('\n', _cluster.CaPem.TrimEnd().Split('\n').Select(l => "    " + l))}
        """ + "\n";

    // "Billion laughs": nine levels of nine aliases, about 600 bytes, 9^9 strings once expanded.
    internal static string AliasBomb()
    {
        var text = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            text.Append(level).Append(": &").Append(level).Append(" [")
                .AppendJoin(',', Enumerable.Repeat("*" + previous, 9)).Append("]\n");
        }

        return text.ToString();
    }

    internal static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0);
    }
}
