using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Certificates;
using ClusterGateway.AddonManager.Installation;
using ClusterGateway.AddonManager.Tests.Certificates;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Json;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterGateway.AddonManager.Tests.Installation;

/// <summary>
/// A fake hub serving everything the installation touches, a client, a running configuration informer and the
/// reconciler on a manual clock. <see cref="ReconcileAsync"/> first waits (on informer change signals) until the cache
/// holds every configuration as stored, so each round sees the latest state.
/// </summary>
internal sealed class InstallationHarness : IAsyncDisposable
{
    public const string ManagerNamespace = "cg-system";
    public const string SignerSecret = "cluster-gateway-signer";
    public const string Token = "token";

    public static readonly FakeResource Configurations = new(V1Alpha1ClusterGatewayConfiguration.Group,
        V1Alpha1ClusterGatewayConfiguration.Version, "clustergatewayconfigurations", "ClusterGatewayConfiguration", false);

    public static readonly FakeResource AddOns = new("addon.open-cluster-management.io", "v1alpha1",
        "clustermanagementaddons", "ClusterManagementAddOn", false);

    public static readonly FakeResource Roles = FakeResource.Roles;
    public static readonly FakeResource RoleBindings = FakeResource.RoleBindings;
    public static readonly FakeResource ClusterRoles = FakeResource.ClusterRoles;
    public static readonly FakeResource ClusterRoleBindings = FakeResource.ClusterRoleBindings;

    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Task _informerRun;

    private InstallationHarness(FakeApiServer server, TlsPolicy policy)
    {
        Server = server;
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(server.CaPem);
        Client = new KubeClient(new KubeClientOptions
        {
            Server = server.Url,
            CaCertificates = ca,
            TokenSource = new StaticTokenSource(Token),
        });
        Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Policy = policy;
        Informer = new Informer<V1Alpha1ClusterGatewayConfiguration>(Client, V1Alpha1ClusterGatewayConfiguration.ResourceKind);
        Informer.Changed += _ => _changed.Release();
        _informerRun = Task.Run(() => Informer.RunAsync(_stop.Token));
        Reconciler = new InstallationReconciler(Client, Informer,
            new InstallationSettings(ManagerNamespace, SignerSecret, policy), Clock, NullLogger.Instance);
    }

    public FakeApiServer Server { get; }

    public FakeObjectStore Store => Server.Store;

    public KubeClient Client { get; }

    public FakeTimeProvider Clock { get; }

    public TlsPolicy Policy { get; }

    public Informer<V1Alpha1ClusterGatewayConfiguration> Informer { get; }

    public InstallationReconciler Reconciler { get; }

    public static async Task<InstallationHarness> StartAsync(Func<HttpContext, Task<bool>>? intercept = null)
    {
        var options = new FakeApiServerOptions { Intercept = intercept };
        options.Tokens[Token] = "system:serviceaccount:cg-system:cluster-gateway-addon-manager";
        var server = await FakeApiServer.StartAsync(options);
        // The manager runs in its namespace (as after helm install), where it keeps the signer Secret.
        server.Store.Put(FakeResource.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ManagerNamespace } });
        foreach (var resource in new[] { Configurations, AddOns })
        {
            server.RegisterResource(resource);
        }

        var harness = new InstallationHarness(server, TlsPolicy.Default);
        await harness.Informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TestTimeouts.Short, "configuration informer sync");
        return harness;
    }

    public JsonObject PutConfiguration(V1Alpha1ClusterGatewayConfiguration configuration)
    {
        var json = JsonSerializer.SerializeToNode(configuration, KubeJson.Options)!.AsObject();
        json["metadata"]!.AsObject().Remove("uid");
        return Store.Put(Configurations, json);
    }

    public V1Alpha1ClusterGatewayConfiguration Configuration(string name = "cluster-gateway") =>
        Store.Get(Configurations, null, name)!.Deserialize<V1Alpha1ClusterGatewayConfiguration>(KubeJson.Options)!;

    public async Task<ReconcileResult> ReconcileAsync()
    {
        await CacheCurrentAsync();
        return await Reconciler.ReconcileAsync(InstallationReconciler.Key, CancellationToken.None)
            .WaitAsync(TestTimeouts.Default, "reconcile");
    }

    /// <summary>Sets <c>status.readyReplicas</c> of the gateway Deployment, as the Deployment controller would.</summary>
    public void SetReadyReplicas(string @namespace, int ready)
    {
        var deployment = Store.Get(FakeResource.Deployments, @namespace, "gateway-deployment")
            ?? throw new InvalidOperationException("the Deployment does not exist");
        deployment["status"] = new JsonObject { ["replicas"] = 3, ["readyReplicas"] = ready };
        Store.Put(FakeResource.Deployments, deployment);
    }

    public JsonObject? Secret(string @namespace, string name) => Store.Get(FakeResource.Secrets, @namespace, name);

    public static string Text(JsonObject secret, string key) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]![key]!.GetValue<string>()));

    public static IReadOnlyList<JsonObject> Conditions(JsonObject configuration) =>
        configuration["status"]?["conditions"]?.AsArray().Select(c => c!.AsObject()).ToList() ?? [];

    public static JsonObject Condition(JsonObject configuration, string type) =>
        Conditions(configuration).Single(c => c["type"]!.GetValue<string>() == type);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _informerRun.WaitAsync(TestTimeouts.Short, "informer to stop");
        Client.Dispose();
        await Server.DisposeAsync();
        _stop.Dispose();
        _changed.Dispose();
    }

    // Waits until the informer caches every stored configuration at its stored resourceVersion.
    private async Task CacheCurrentAsync()
    {
        using var deadline = new CancellationTokenSource(TestTimeouts.Short);
        while (!IsCacheCurrent())
        {
            try
            {
                await _changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("the configuration informer did not catch up with the store");
            }
        }
    }

    private bool IsCacheCurrent()
    {
        var stored = Store.List(Configurations);
        var cached = Informer.List();
        return stored.Count == cached.Count && stored.All(s =>
            cached.Any(c => c.Metadata.Name == s["metadata"]!["name"]!.GetValue<string>()
                && c.Metadata.ResourceVersion == s["metadata"]!["resourceVersion"]!.GetValue<string>()));
    }
}
