using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Security;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClusterGateway.Gateway.Tests.Support;

/// <summary>
/// A fake hub, two fake managed clusters (one requiring mTLS, one a bearer token) and the gateway in hub mode,
/// all on loopback. The hub holds the cluster Secrets in open-cluster-management-credentials.
/// </summary>
internal sealed class HubEnvironment : IAsyncDisposable
{
    public const string SecretNamespace = "open-cluster-management-credentials";
    public const string HubToken = "hub-token";
    public const string ClusterBToken = "cluster-b-token";

    /// <summary>The user the gateway's hub token authenticates as.</summary>
    public const string GatewayServiceAccount = "system:serviceaccount:cluster-gateway:gateway";

    private HubEnvironment(string directory, FakeApiServer hub, FakeApiServer clusterA, FakeApiServer clusterB,
        X509Certificate2 clusterAClient)
    {
        Directory = directory;
        Hub = hub;
        ClusterA = clusterA;
        ClusterB = clusterB;
        ClusterAClientCertificate = clusterAClient;
    }

    public string Directory { get; }

    public FakeApiServer Hub { get; }

    /// <summary>Requires a client certificate (CN cluster-gateway) issued by its own CA.</summary>
    public FakeApiServer ClusterA { get; }

    /// <summary>Requires the bearer token <see cref="ClusterBToken"/>.</summary>
    public FakeApiServer ClusterB { get; }

    public X509Certificate2 ClusterAClientCertificate { get; }

    public GatewayApp Gateway { get; private set; } = null!;

    public CollectingLoggerProvider Logs { get; } = new();

    /// <summary>Kubeconfig written by the gateway (its URL, CA and token).</summary>
    public string Kubeconfig => Path.Combine(Directory, "gateway.kubeconfig");

    /// <summary>
    /// Starts the clusters, seeds the hub with <paramref name="secrets"/> (default: a, b and a broken one; any other
    /// kind, e.g. a ConfigMap, may be given too), starts the gateway. <paramref name="configureHub"/> adjusts the hub's
    /// options (policy, tokens, interception) before it starts; <paramref name="configureGateway"/> the gateway's.
    /// </summary>
    public static async Task<HubEnvironment> StartAsync(Func<HubEnvironment, IEnumerable<JsonObject>>? secrets = null,
        Action<FakeApiServerOptions>? configureHub = null, Func<GatewayOptions, GatewayOptions>? configureGateway = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cg-test-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var hubOptions = new FakeApiServerOptions
        {
            Name = "hub", Tokens = { [HubToken] = GatewayServiceAccount },
        };
        configureHub?.Invoke(hubOptions);
        var hub = await FakeApiServer.StartAsync(hubOptions);
        var clusterA = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "cluster-a", RequireClientCertificate = true,
        });
        var clusterB = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "cluster-b", Tokens = { [ClusterBToken] = "cluster-b-admin" },
        });
        var environment = new HubEnvironment(directory, hub, clusterA, clusterB,
            clusterA.Ca.IssueClientCertificate("cluster-gateway", "system:masters"));

        foreach (var secret in secrets?.Invoke(environment) ?? environment.DefaultSecrets())
        {
            hub.Store.Put(secret);
        }

        await environment.StartGatewayAsync(configureGateway);
        return environment;
    }

    public IEnumerable<JsonObject> DefaultSecrets() =>
    [
        X509Secret("cluster-a"),
        TokenSecret("cluster-b", ClusterBToken),
        // Malformed: an X509Certificate credential without its key.
        Secret("broken", "X509Certificate", new()
        {
            ["endpoint"] = ClusterA.Url.ToString(),
            ["ca.crt"] = ClusterA.CaPem,
            ["tls.crt"] = TestCertificateAuthority.ExportPem(ClusterAClientCertificate).CertificatePem,
        }),
    ];

    public JsonObject X509Secret(string name)
    {
        var (certificate, key) = TestCertificateAuthority.ExportPem(ClusterAClientCertificate);
        return Secret(name, "X509Certificate", new()
        {
            ["endpoint"] = ClusterA.Url.ToString(),
            ["ca.crt"] = ClusterA.CaPem,
            ["tls.crt"] = certificate,
            ["tls.key"] = key,
        });
    }

    public JsonObject TokenSecret(string name, string token) =>
        Secret(name, "ServiceAccountToken", new()
        {
            ["endpoint"] = ClusterB.Url.ToString(),
            ["ca.crt"] = ClusterB.CaPem,
            ["token"] = token,
        });

    public static JsonObject Secret(string name, string credentialType, Dictionary<string, string> data) =>
        ClusterSecrets.Create(name, SecretNamespace, credentialType, data);

    /// <summary>The proxy URL of a cluster, usable as kubectl's <c>--server</c>.</summary>
    public string ProxyServer(string cluster) =>
        $"{Gateway.Url.GetLeftPart(UriPartial.Authority)}/apis/cluster.core.oam.dev/v1alpha1/clustergateways/{cluster}/proxy";

    /// <summary>kubectl through the gateway's proxy to <paramref name="cluster"/>.</summary>
    public Task<KubectlResult> KubectlViaProxyAsync(string cluster, params string[] args) =>
        Kubectl.RunAsync(Kubeconfig, ["--server", ProxyServer(cluster), .. args], timeout: TestTimeouts.Default);

    /// <summary>An HttpClient that trusts the gateway and sends its token (and a client certificate, if given).</summary>
    public HttpClient CreateGatewayClient(bool withToken = true, X509Certificate2? clientCertificate = null) =>
        CreateClient(Gateway, withToken, clientCertificate);

    /// <summary>An HttpClient that trusts <paramref name="gateway"/> and sends its token (and a client certificate).</summary>
    public static HttpClient CreateClient(GatewayApp gateway, bool withToken = true, X509Certificate2? clientCertificate = null)
    {
        var trust = new X509Certificate2Collection();
        trust.ImportFromPem(gateway.TrustPem);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trust);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        var client = new HttpClient(handler) { BaseAddress = gateway.Url, Timeout = Timeout.InfiniteTimeSpan };
        if (withToken)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Token);
        }

        return client;
    }

    /// <summary>
    /// Starts another gateway replica on the same hub (its own registry, port and serving certificate), reading the
    /// hub with <paramref name="hubToken"/> (register it in the hub's tokens to tell its requests apart); returns
    /// once it synced. <paramref name="configure"/> adjusts its options (e.g. the same OCM integration as the first
    /// gateway). The caller disposes it.
    /// </summary>
    public async Task<GatewayApp> StartReplicaAsync(string hubToken = HubToken,
        Func<GatewayOptions, GatewayOptions>? configure = null)
    {
        var options = OptionsFor(hubToken) with
        {
            WriteKubeconfig = Path.Combine(Directory, $"replica-{Guid.NewGuid():N}.kubeconfig"),
        };
        var replica = await GatewayApp.StartAsync(configure?.Invoke(options) ?? options,
            logging => logging.AddProvider(Logs), CancellationToken.None);
        await replica.Registry.WaitForAsync(r => r.IsSynced, "the replica to sync the hub Secrets");
        return replica;
    }

    /// <summary>Completes when the registry satisfies <paramref name="condition"/> (checked on every change).</summary>
    public Task WaitForRegistryAsync(Func<IClusterRegistry, bool> condition, string what) =>
        Gateway.Registry.WaitForAsync(condition, what);

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        await ClusterA.DisposeAsync();
        await ClusterB.DisposeAsync();
        await Hub.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartGatewayAsync(Func<GatewayOptions, GatewayOptions>? configure)
    {
        var options = OptionsFor(HubToken);
        options = configure?.Invoke(options) ?? options;
        Gateway = await GatewayApp.StartAsync(options, logging =>
        {
            logging.AddProvider(Logs);
            logging.SetMinimumLevel(LogLevel.Debug);
        }, CancellationToken.None);
        await WaitForRegistryAsync(r => r.IsSynced, "the gateway to sync the hub Secrets");
        // The informers watch after they listed: wait for that, so later request counts at the hub are stable.
        await WaitForHubWatchAsync("/secrets");
        // Authentication reads its ConfigMap through an informer too, unless skipped or unreadable (tolerated).
        if (!options.AuthenticationSkipLookup &&
            (options.ClientCaFile is null || options.RequestHeaderClientCaFile is null) &&
            Gateway.Services.GetRequiredService<AuthenticationConfigSource>().IsSynced)
        {
            await WaitForHubWatchAsync("/configmaps");
        }
    }

    private GatewayOptions OptionsFor(string hubToken) => new()
    {
        Kubeconfig = Hub.WriteKubeconfig(Directory, token: hubToken),
        SecretNamespace = SecretNamespace,
        SecurePort = 0,
        BindAddress = "127.0.0.1",
        WriteKubeconfig = Kubeconfig,
    };

    private Task<RecordedRequest> WaitForHubWatchAsync(string resource) =>
        Hub.Requests.WaitForAsync(r => r.Path.EndsWith(resource, StringComparison.Ordinal) &&
            r.PathAndQuery.Contains("watch=", StringComparison.Ordinal), TestTimeouts.Default);
}
