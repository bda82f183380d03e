using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.Logging;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>
/// A fake hub, three fake managed clusters c1, c2, c3 (each its own fake API server and token; c1 and c2 labelled
/// <c>env=prod</c>, c3 <c>env=dev</c>) holding ConfigMaps named after their cluster, and the gateway in hub mode.
/// Hub policy: <c>alice</c> may use <c>clustergateways/proxy</c> on c1 and c2 only; everyone else everything.
/// </summary>
internal sealed class FanOutEnvironment : IAsyncDisposable
{
    public const string AliceToken = "alice-token";
    private const string HubToken = "hub-token";
    private const string SecretNamespace = "open-cluster-management-credentials";
    private readonly HashSet<string> _stopped = [];
    private readonly Dictionary<string, FakeApiServer> _clusters;
    private GatewayOptions _options = null!;

    private FanOutEnvironment(string directory, FakeApiServer hub, Dictionary<string, FakeApiServer> clusters)
    {
        Directory = directory;
        Hub = hub;
        _clusters = clusters;
    }

    public string Directory { get; }

    public FakeApiServer Hub { get; }

    public IReadOnlyDictionary<string, FakeApiServer> Clusters => _clusters;

    public GatewayApp Gateway { get; private set; } = null!;

    public CollectingLoggerProvider Logs { get; } = new();

    public string Kubeconfig => Path.Combine(Directory, "gateway.kubeconfig");

    /// <summary>kubectl's <c>--server</c> for the fan-out, with <c>*</c> as written (kubectl percent-encodes it).</summary>
    public string FanOutServer =>
        $"{Gateway.Url.GetLeftPart(UriPartial.Authority)}/apis/cluster.core.oam.dev/v1alpha1/clustergateways/*/proxy";

    public const string FanOutPath = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/*/proxy";

    public static async Task<FanOutEnvironment> StartAsync(Func<GatewayOptions, GatewayOptions>? configureGateway = null,
        int configMapsPerCluster = 2, Action<string, FakeApiServerOptions>? configureCluster = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cg-fanout-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var hub = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "hub",
            Tokens = { [HubToken] = HubEnvironment.GatewayServiceAccount, [AliceToken] = "alice" },
            Authorize = r => r.User.Name != "alice" || (r.Resource == "clustergateways" && r.Subresource == "proxy" &&
                                                        r.Name is "c1" or "c2"),
        });
        var clusters = new Dictionary<string, FakeApiServer>(StringComparer.Ordinal);
        foreach (var name in new[] { "c1", "c2", "c3" })
        {
            var clusterOptions = ClusterOptions(name, new FakeObjectStore());
            configureCluster?.Invoke(name, clusterOptions);
            var cluster = await FakeApiServer.StartAsync(clusterOptions);
            clusters[name] = cluster;
            for (var i = 1; i <= configMapsPerCluster; i++)
            {
                cluster.Store.Put(FakeResource.ConfigMaps, ConfigMap(i % 2 == 0 ? "kube-system" : "default", $"{name}-cm{i}"));
            }

            hub.Store.Put(Secret(name, cluster, name == "c3" ? "dev" : "prod"));
        }

        var environment = new FanOutEnvironment(directory, hub, clusters);
        var options = new GatewayOptions
        {
            Kubeconfig = hub.WriteKubeconfig(directory, token: HubToken),
            SecretNamespace = SecretNamespace,
            SecurePort = 0,
            BindAddress = "127.0.0.1",
            WriteKubeconfig = environment.Kubeconfig,
        };
        environment._options = configureGateway?.Invoke(options) ?? options;
        await environment.StartGatewayAsync();
        return environment;
    }

    private static FakeApiServerOptions ClusterOptions(string name, FakeObjectStore store) => new()
    {
        Name = name, Store = store, Tokens = { [name + "-token"] = name + "-admin" },
    };

    private async Task StartGatewayAsync()
    {
        Gateway = await GatewayApp.StartAsync(_options, logging => logging.AddProvider(Logs), CancellationToken.None);
        await Gateway.Registry.WaitForAsync(r => r.IsSynced && r.Snapshot.Count == 3, "the three clusters");
    }

    /// <summary>Stops the gateway (its streams end) and starts it again with the same options.</summary>
    public async Task RestartGatewayAsync()
    {
        await Gateway.DisposeAsync();
        await StartGatewayAsync();
    }

    /// <summary>Starts a stopped cluster again, with its objects and history, on a new port its Secret now names.</summary>
    public async Task StartClusterAsync(string name)
    {
        if (!_stopped.Remove(name))
        {
            return;
        }

        var server = await FakeApiServer.StartAsync(ClusterOptions(name, _clusters[name].Store));
        _clusters[name] = server;
        Hub.Store.Put(Secret(name, server, name == "c3" ? "dev" : "prod"));
    }

    /// <summary>The cluster Secret of <paramref name="name"/>, served by <paramref name="cluster"/>, labelled env.</summary>
    public static JsonObject Secret(string name, FakeApiServer cluster, string env, string? token = null)
    {
        var secret = ClusterSecrets.Create(name, SecretNamespace, "ServiceAccountToken", new Dictionary<string, string>
        {
            ["endpoint"] = cluster.Url.ToString(), ["ca.crt"] = cluster.CaPem, ["token"] = token ?? name + "-token",
        });
        secret["metadata"]!["labels"]!["env"] = env;
        return secret;
    }

    public const string SecretsNamespace = SecretNamespace;

    public static JsonObject ConfigMap(string @namespace, string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
        ["data"] = new JsonObject { ["k"] = "v" },
    };

    /// <summary>kubectl through the fan-out (as the gateway's own admin user, or with another token).</summary>
    public Task<KubectlResult> KubectlAsync(string? token, params string[] args) =>
        Kubectl.RunAsync(Kubeconfig, [.. token is null ? [] : new[] { "--token", token }, "--server", FanOutServer, .. args],
            timeout: TestTimeouts.Default);

    /// <summary>An HttpClient for the gateway (its admin token, or <paramref name="token"/>).</summary>
    public HttpClient Client(string? token = null)
    {
        var client = HubEnvironment.CreateClient(Gateway);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Stops a cluster's API server (connections to it are refused from then on).</summary>
    public async Task StopClusterAsync(string name)
    {
        if (_stopped.Add(name))
        {
            await Clusters[name].DisposeAsync();
        }
    }

    public void ClearRequests()
    {
        foreach (var cluster in Clusters.Values)
        {
            cluster.Requests.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        foreach (var name in Clusters.Keys)
        {
            await StopClusterAsync(name);
        }

        await Hub.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
