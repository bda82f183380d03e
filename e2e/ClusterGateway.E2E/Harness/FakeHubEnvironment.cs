using System.Text.Json.Nodes;
using ClusterGateway.E2E.Processes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.E2E.Harness;

/// <summary>
/// The fake-hub lane's world: the hub (a <see cref="FakeApiServer"/> with users admin, alice and bob), two managed
/// clusters c1 and c2 (more fake apiservers, each behind a <see cref="TcpRelay"/> so it can be "stopped"), and the
/// harness's kubelet, kube-aggregator and OCM agents. Kubeconfigs for each user are written to a temporary directory.
/// </summary>
internal sealed class FakeHubEnvironment : IAsyncDisposable
{
    public const string AdminToken = "admin-token";
    public const string AliceToken = "alice-token";
    public const string BobToken = "bob-token";

    private FakeHubEnvironment(string directory, ProcessLog log)
    {
        Directory = directory;
        Log = log;
    }

    public string Directory { get; }

    public ProcessLog Log { get; }

    public FakeApiServer Hub { get; private set; } = null!;

    public HubApi Api { get; private set; } = null!;

    public FakeKubelet Kubelet { get; private set; } = null!;

    public FakeHubAggregator Aggregator { get; private set; } = null!;

    public OcmAgents Agents { get; private set; } = null!;

    public Dictionary<string, (FakeApiServer Server, TcpRelay Relay)> Clusters { get; } = new(StringComparer.Ordinal);

    public string AdminKubeconfig { get; private set; } = "";

    public string AliceKubeconfig { get; private set; } = "";

    public string BobKubeconfig { get; private set; } = "";

    public static async Task<FakeHubEnvironment> StartAsync(PublishedBinaries binaries, ProcessLog log, CancellationToken ct)
    {
        var env = new FakeHubEnvironment(Path.Combine(Path.GetTempPath(), "cg-e2e-" + Guid.NewGuid().ToString("N")[..8]), log);
        System.IO.Directory.CreateDirectory(env.Directory);
        var options = new FakeApiServerOptions
        {
            Name = "hub",
            Tokens = { [AdminToken] = "admin", [AliceToken] = "alice", [BobToken] = "bob" },
            TokenGroups = { [AdminToken] = ["system:masters"] },
            Rbac = true,
        };
        env.Hub = await FakeApiServer.StartAsync(options, ct);
        env.Api = new HubApi(env.Hub.CreateClient(AdminToken));
        env.AdminKubeconfig = env.Hub.WriteKubeconfig(env.Directory, AdminToken);
        env.AliceKubeconfig = env.Hub.WriteKubeconfig(env.Directory, AliceToken);
        env.BobKubeconfig = env.Hub.WriteKubeconfig(env.Directory, BobToken);
        foreach (var name in (string[])["c1", "c2"])
        {
            var cluster = await FakeApiServer.StartAsync(new FakeApiServerOptions { Name = name }, ct);
            cluster.Store.Put(new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "default" },
            });
            cluster.Store.Put(FakePods.Running("web"));
            var relay = new TcpRelay(cluster.Url);
            relay.Start();
            env.Clusters[name] = (cluster, relay);
        }

        var mode = await FakeKubelet.DetectModeAsync();
        log.Add("kubelet", mode == MountMode.Namespace
            ? "volumes are bind-mounted at their real paths in a private mount namespace (unshare --mount)"
            : "unshare is not permitted: mount paths in args are rewritten and the hub is passed with --kubeconfig");
        env.Kubelet = new FakeKubelet(env.Hub, env.Api, binaries, log, mode);
        env.Kubelet.Start();
        env.Aggregator = KubeAggregators.Start(env.Hub, env.Api, env.Kubelet);
        env.Agents = new OcmAgents(env.Api, log);
        return env;
    }

    /// <summary>A kubeconfig whose server is the hub's proxy subresource of <paramref name="cluster"/> (as the README shows).</summary>
    public string ProxyKubeconfig(string cluster, string token)
    {
        var path = Path.Combine(Directory, $"{cluster}-{token}.proxy.kubeconfig");
        // Kubeconfig.Build keeps only the authority; the proxy server needs its path.
        var authority = Hub.Url.GetLeftPart(UriPartial.Authority);
        var text = Kubeconfig.Build($"{cluster}-proxy", Hub.Url, Hub.CaPem, token)
            .Replace(authority, ProxyUrl(cluster).ToString().TrimEnd('/'), StringComparison.Ordinal);
        File.WriteAllText(path, text);
        return path;
    }

    public Uri ProxyUrl(string cluster) =>
        new(Hub.Url, $"apis/cluster.core.oam.dev/v1alpha1/clustergateways/{cluster}/proxy");

    public async ValueTask DisposeAsync()
    {
        // Processes first (they talk to the servers), then the servers.
        if (Kubelet is not null)
        {
            await Kubelet.DisposeAsync();
        }

        if (Aggregator is not null)
        {
            await Aggregator.DisposeAsync();
        }

        if (Agents is not null)
        {
            await Agents.DisposeAsync();
        }

        foreach (var (server, relay) in Clusters.Values)
        {
            await relay.DisposeAsync();
            await server.DisposeAsync();
        }

        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
