using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;
using ClusterGateway.TestSupport;
using ClusterGateway.TestSupport.Aggregation;
using Microsoft.Extensions.Logging;

namespace ClusterGateway.AddonManager.Tests.Health;

/// <summary>
/// The whole path of a health probe on loopback (a trimmed copy of the gateway tests' HubEnvironment): a fake hub
/// holding the ManagedClusterAddOn CRD and the cluster Secrets, the gateway in-process in hub mode, its API group
/// aggregated by the hub, and two managed clusters: <c>a</c> (client certificate) and <c>b</c> (bearer token).
/// With OCM integration the hub also serves ManagedClusters, and <c>a</c> and <c>b</c> have one each (written after
/// the Secrets) reporting Available=True, as the gateway runs when the addon-manager deploys it.
/// </summary>
internal sealed class GatewayHubEnvironment : IAsyncDisposable
{
    public const string SecretNamespace = "open-cluster-management-credentials";
    public const string GatewayToken = "gateway-token";
    public const string AddonManagerToken = "addon-manager-token";
    public const string AdminToken = "admin-token";
    private const string ClusterBToken = "cluster-b-token";

    private GatewayHubEnvironment(string directory, FakeApiServer hub, FakeApiServer clusterA, FakeApiServer clusterB)
    {
        Directory = directory;
        Hub = hub;
        ClusterA = clusterA;
        ClusterB = clusterB;
    }

    public string Directory { get; }

    public FakeApiServer Hub { get; }

    public FakeApiServer ClusterA { get; }

    public FakeApiServer ClusterB { get; }

    private bool _clusterBStopped;

    public GatewayApp Gateway { get; private set; } = null!;

    /// <summary>A kubeconfig of the hub for an administrator (kubectl).</summary>
    public string AdminKubeconfig { get; private set; } = "";

    public FakeResource AddonResource => Hub.Store.FindResource("addon.open-cluster-management.io", "v1alpha1",
        "managedclusteraddons")!;

    public static async Task<GatewayHubEnvironment> StartAsync(bool ocmIntegration = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cg-health-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var hub = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "hub",
            Tokens =
            {
                [GatewayToken] = "system:serviceaccount:cluster-gateway:gateway",
                [AddonManagerToken] = "system:serviceaccount:open-cluster-management-addon:cluster-gateway-addon-manager",
                [AdminToken] = "admin",
            },
        });
        var clusterA = await FakeApiServer.StartAsync(new FakeApiServerOptions { Name = "a", RequireClientCertificate = true });
        var clusterB = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "b", Tokens = { [ClusterBToken] = "cluster-b-admin" },
        });
        var env = new GatewayHubEnvironment(directory, hub, clusterA, clusterB);
        hub.Store.ApplyYaml(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "assets", "ocm",
            "0000_01_addon.open-cluster-management.io_managedclusteraddons.crd.yaml")));
        using var clientCertificate = clusterA.Ca.IssueClientCertificate("cluster-gateway", "system:masters");
        var (certificate, key) = TestCertificateAuthority.ExportPem(clientCertificate);
        hub.Store.Put(Secret("a", "X509Certificate", new()
        {
            ["endpoint"] = clusterA.Url.ToString(), ["ca.crt"] = clusterA.CaPem, ["tls.crt"] = certificate, ["tls.key"] = key,
        }));
        hub.Store.Put(Secret("b", "ServiceAccountToken", new()
        {
            ["endpoint"] = clusterB.Url.ToString(), ["ca.crt"] = clusterB.CaPem, ["token"] = ClusterBToken,
        }));
        if (ocmIntegration)
        {
            hub.Store.ApplyYaml(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "assets", "ocm",
                "0000_00_clusters.open-cluster-management.io_managedclusters.crd.yaml")));
            hub.Store.Put(ManagedCluster("a", clusterA));
            hub.Store.Put(ManagedCluster("b", clusterB));
        }

        env.AdminKubeconfig = hub.WriteKubeconfig(directory, token: AdminToken);
        await env.StartGatewayAsync(ocmIntegration);
        return env;
    }

    /// <summary>A client of the hub as the addon-manager.</summary>
    public KubeClient CreateAddonManagerClient()
    {
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(Hub.CaPem);
        return new KubeClient(new KubeClientOptions
        {
            Server = Hub.Url, CaCertificates = ca, TokenSource = new StaticTokenSource(AddonManagerToken),
        });
    }

    /// <summary>Stores a namespace and a <c>cluster-gateway</c> ManagedClusterAddOn in it.</summary>
    public void PutAddon(string cluster)
    {
        Hub.Store.Put(FakeResource.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = cluster } });
        Hub.Store.Put(AddonResource, new JsonObject
        {
            ["apiVersion"] = "addon.open-cluster-management.io/v1alpha1",
            ["kind"] = "ManagedClusterAddOn",
            ["metadata"] = new JsonObject { ["name"] = "cluster-gateway", ["namespace"] = cluster },
            ["spec"] = new JsonObject { ["installNamespace"] = "open-cluster-management-agent-addon" },
        });
    }

    /// <summary>Stops cluster b: its port refuses connections from now on.</summary>
    public async Task StopClusterBAsync()
    {
        _clusterBStopped = true;
        await ClusterB.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        await ClusterA.DisposeAsync();
        if (!_clusterBStopped)
        {
            await ClusterB.DisposeAsync();
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

    private static JsonObject Secret(string name, string credentialType, Dictionary<string, string> data) =>
        ClusterSecrets.Create(name, SecretNamespace, credentialType, data);

    private static JsonObject ManagedCluster(string name, FakeApiServer cluster) => new()
    {
        ["apiVersion"] = "cluster.open-cluster-management.io/v1",
        ["kind"] = "ManagedCluster",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["hubAcceptsClient"] = true,
            ["managedClusterClientConfigs"] = new JsonArray(new JsonObject
            {
                ["url"] = cluster.Url.ToString(),
                ["caBundle"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(cluster.CaPem)),
            }),
        },
        ["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "ManagedClusterConditionAvailable", ["status"] = "True",
                ["reason"] = "ManagedClusterAvailable", ["message"] = "Managed cluster is available",
                ["lastTransitionTime"] = "2026-01-01T00:00:00Z",
            }),
        },
    };

    private async Task StartGatewayAsync(bool ocmIntegration)
    {
        var options = new GatewayOptions
        {
            Kubeconfig = Hub.WriteKubeconfig(Directory, token: GatewayToken),
            SecretNamespace = SecretNamespace,
            SecurePort = 0,
            BindAddress = "127.0.0.1",
            OcmIntegration = ocmIntegration,
            OcmDiscoveryInterval = TimeSpan.FromMilliseconds(200),
        };
        Gateway = await GatewayApp.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning),
            CancellationToken.None);
        (await ClusterRegistryWaits.WaitForAsync(Gateway.Registry, r => r.IsSynced, TestTimeouts.Default,
            CancellationToken.None)).Should().BeTrue("the gateway syncs the hub Secrets");
        // The hub's aggregation layer: cluster.core.oam.dev goes to the gateway, as its APIService would make it.
        Hub.AddAggregatedApi(new FakeAggregatedApi("cluster.core.oam.dev", "v1alpha1", Gateway.Url, Gateway.TrustPem));
    }
}
