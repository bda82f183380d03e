using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Configuration;
using ClusterGateway.AddonManager.Hosting;
using ClusterGateway.AddonManager.Tests.Addon;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Hosting;

/// <summary>
/// A fake OCM hub (the real OCM CRDs from <c>assets/ocm</c>, our ClusterGatewayConfiguration CRD) and a
/// kubeconfig for it, for starting whole <see cref="AddonManagerApp"/>s the way <c>Program</c> does.
/// </summary>
internal sealed class HostHub : IAsyncDisposable
{
    public const string ManagerNamespace = "cg-system";
    /// <summary>The manager's identity: the chart's service account in the release namespace.</summary>
    public const string ServiceAccountUser = "system:serviceaccount:cg-system:cluster-gateway-addon-manager";

    private const string Token = "addon-manager-token";

    private static readonly string[] Crds =
    [
        "0000_00_clusters.open-cluster-management.io_managedclusters.crd.yaml",
        "0000_00_addon.open-cluster-management.io_clustermanagementaddons.crd.yaml",
        "0000_01_addon.open-cluster-management.io_managedclusteraddons.crd.yaml",
        "authentication.open-cluster-management.io_managedserviceaccounts.yaml",
    ];

    private readonly string _directory;

    private HostHub(FakeApiServer server, string directory, string kubeconfig,
        System.Collections.Concurrent.ConcurrentQueue<string> forbidden)
    {
        Forbidden = forbidden;
        Server = server;
        _directory = directory;
        Kubeconfig = kubeconfig;
    }

    public FakeApiServer Server { get; }

    public FakeObjectStore Store => Server.Store;

    public string Kubeconfig { get; }

    public static FakeResource Configurations { get; } =
        new("proxy.open-cluster-management.io", "v1alpha1", "clustergatewayconfigurations", "ClusterGatewayConfiguration", false);

    /// <summary>Every request the hub answered 403, as <c>METHOD path?query</c>.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Forbidden { get; }

    /// <summary>Starts the hub; with <paramref name="rbac"/> it authorizes with the RBAC objects stored in it.</summary>
    public static async Task<HostHub> StartAsync(bool rbac = false)
    {
        var store = new FakeObjectStore();
        foreach (var crd in Crds)
        {
            store.ApplyYaml(File.ReadAllText(Path.Combine(TestPaths.Assets, "ocm", crd)));
        }

        store.ApplyYaml(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "config", "crd",
            "proxy.open-cluster-management.io_clustergatewayconfigurations.yaml")));
        // The manager runs in its namespace (as after helm install), where it keeps the signer Secret and its Lease.
        store.Put(FakeResource.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ManagerNamespace } });
        var forbidden = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var options = new FakeApiServerOptions
        {
            Store = store,
            Rbac = rbac,
            Intercept = context =>
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Response.StatusCode == 403)
                    {
                        forbidden.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
                    }

                    return Task.CompletedTask;
                });
                return Task.FromResult(false);
            },
        };
        options.Tokens[Token] = ServiceAccountUser;
        var server = await FakeApiServer.StartAsync(options);
        var directory = Directory.CreateTempSubdirectory("addon-host-").FullName;
        return new HostHub(server, directory, server.WriteKubeconfig(directory, Token), forbidden);
    }

    /// <summary>
    /// Starts a manager the way <c>Program</c> does (probe and metrics servers on loopback, random ports). The renew
    /// deadline defaults to 2/3 and the retry period to 1/8 of the lease duration (client-go's 15 s / 10 s / 2 s shape).
    /// </summary>
    public Task<AddonManagerApp> StartManagerAsync(
        bool leaderElect = false, TimeSpan? leaseDuration = null, TimeSpan? renewDeadline = null, TimeSpan? retryPeriod = null,
        Action<OpenTelemetry.Trace.TracerProviderBuilder>? tracing = null)
    {
        var lease = leaseDuration ?? TimeSpan.FromSeconds(15);
        return AddonManagerApp.StartAsync(
            new AddonManagerOptions(leaderElect, AddonManagerOptions.DefaultSignerSecretName, "127.0.0.1:0", "127.0.0.1:0",
                Kubeconfig, ManagerNamespace)
            {
                LeaseDuration = lease,
                RenewDeadline = renewDeadline ?? lease * 2 / 3,
                RetryPeriod = retryPeriod ?? lease / 8,
            },
            _ => { }, CancellationToken.None, tracing: tracing).WaitAsync(TestTimeouts.Default, "start the addon-manager");
    }

    /// <summary>A Direct-egress configuration (no proxy credentials needed).</summary>
    public static string DirectConfiguration(string image = "example.com/cluster-gateway:v1") => $"""
        apiVersion: proxy.open-cluster-management.io/v1alpha1
        kind: ClusterGatewayConfiguration
        metadata:
          name: cluster-gateway
        spec:
          image: {image}
          installNamespace: open-cluster-management-addon
          secretNamespace: open-cluster-management-credentials
          secretManagement:
            type: ManagedServiceAccount
          egress:
            type: Direct
        """;

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
