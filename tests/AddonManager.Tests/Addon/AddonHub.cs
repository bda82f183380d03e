using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Addon;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;
using ClusterGateway.Kube.Controllers;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Models.Core;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.AddonManager.Tests.Addon;

/// <summary>
/// A fake OCM hub serving the real OCM CRDs (copied into <c>assets/ocm</c>) and our ClusterGatewayConfiguration CRD
/// (<c>config/crd</c>), with the addon informers and both controllers running for real over HTTP, as the host runs them.
/// </summary>
internal sealed class AddonHub : IAsyncDisposable
{
    public const string Token = "addon-manager-token";

    private static readonly string[] OcmCrds =
    [
        "0000_00_clusters.open-cluster-management.io_managedclusters.crd.yaml",
        "0000_00_addon.open-cluster-management.io_clustermanagementaddons.crd.yaml",
        "0000_01_addon.open-cluster-management.io_managedclusteraddons.crd.yaml",
        "authentication.open-cluster-management.io_managedserviceaccounts.yaml",
    ];

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];

    private AddonHub(FakeApiServer server, KubeClient client, AddonInformers informers, Informer<Event> events)
    {
        Server = server;
        Client = client;
        Informers = informers;
        Events = events;
    }

    public static FakeResource Configurations { get; } =
        new("proxy.open-cluster-management.io", "v1alpha1", "clustergatewayconfigurations", "ClusterGatewayConfiguration", false);

    public static FakeResource ManagedClusters { get; } =
        new("cluster.open-cluster-management.io", "v1", "managedclusters", "ManagedCluster", false);

    public static FakeResource ManagedClusterAddOns { get; } =
        new("addon.open-cluster-management.io", "v1alpha1", "managedclusteraddons", "ManagedClusterAddOn", true);

    public static FakeResource ClusterManagementAddOns { get; } =
        new("addon.open-cluster-management.io", "v1alpha1", "clustermanagementaddons", "ClusterManagementAddOn", false);

    public static FakeResource ManagedServiceAccounts { get; } =
        new("authentication.open-cluster-management.io", "v1beta1", "managedserviceaccounts", "ManagedServiceAccount", true);

    public FakeApiServer Server { get; }

    public FakeObjectStore Store => Server.Store;

    public KubeClient Client { get; }

    public AddonInformers Informers { get; }

    /// <summary>Every Event (all namespaces), to wait for the ones the reconcilers record.</summary>
    public Informer<Event> Events { get; }

    public CollectingLogger<ManagedClusterAddOnReconciler> Logs { get; } = new();

    /// <summary>Starts the hub with <paramref name="seed"/> already stored (as found at start-up), then the controllers.</summary>
    public static Task<AddonHub> StartAsync(AddonOptions? options = null, params JsonObject[] seed) =>
        StartAsync(options, withSecretNamespace: true, seed);

    /// <summary>
    /// As <see cref="StartAsync(AddonOptions?, JsonObject[])"/>; <paramref name="withSecretNamespace"/> false leaves out the
    /// secret namespace, as on a hub where the installation has not created it yet.
    /// </summary>
    public static async Task<AddonHub> StartAsync(AddonOptions? options, bool withSecretNamespace, params JsonObject[] seed)
    {
        var store = new FakeObjectStore();
        foreach (var crd in OcmCrds)
        {
            store.ApplyYaml(File.ReadAllText(Path.Combine(TestPaths.Assets, "ocm", crd)));
        }

        store.ApplyYaml(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "config", "crd",
            "proxy.open-cluster-management.io_clustergatewayconfigurations.yaml")));
        // Namespaces a real hub has: the secret namespace (the installation creates it) and each ManagedCluster's
        // namespace (OCM's registration controller creates it).
        if (withSecretNamespace)
        {
            store.Put(AddonObjects.Namespace(AddonObjects.SecretNamespace));
        }

        foreach (var obj in seed)
        {
            if ((string?)obj["kind"] == "ManagedCluster")
            {
                store.Put(AddonObjects.Namespace((string)obj["metadata"]!["name"]!));
            }

            store.Put(obj);
        }

        var serverOptions = new FakeApiServerOptions { Store = store };
        serverOptions.Tokens[Token] = "system:serviceaccount:open-cluster-management-addon:cluster-gateway-addon-manager";
        var server = await FakeApiServer.StartAsync(serverOptions);
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(server.CaPem);
        var client = new KubeClient(new KubeClientOptions
        {
            Server = server.Url, CaCertificates = ca, TokenSource = new StaticTokenSource(Token),
        });
        var informers = new AddonInformers(
            new Informer<V1Alpha1ClusterGatewayConfiguration>(client, V1Alpha1ClusterGatewayConfiguration.ResourceKind),
            new Informer<ClusterManagementAddOn>(client, ClusterManagementAddOn.ResourceKind),
            new Informer<ManagedCluster>(client, ManagedCluster.ResourceKind),
            new Informer<ManagedClusterAddOn>(client, ManagedClusterAddOn.ResourceKind),
            new Informer<ManagedServiceAccount>(client, ManagedServiceAccount.ResourceKind),
            new Informer<Secret>(client, ResourceKind.Secrets, labelSelector: AddonNames.ManagedServiceAccountSecretLabel + "=true"),
            new Informer<Secret>(client, ResourceKind.Secrets, labelSelector: AddonNames.ManagedByLabel + "=" + AddonNames.FieldManager));
        var hub = new AddonHub(server, client, informers, new Informer<Event>(client, ResourceKind.Events));
        hub.Start(options ?? new AddonOptions(InstallAll: false));
        return hub;
    }

    /// <summary>Waits until the object exists in the store and satisfies <paramref name="predicate"/>.</summary>
    public Task<JsonObject> WaitForAsync(FakeResource resource, string? ns, string name, Func<JsonObject, bool>? predicate = null) =>
        Store.WaitForAsync(resource, ns, name, predicate ?? (_ => true), TestTimeouts.Default);

    /// <summary>Waits, on the informer's change signals, until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync<T>(Informer<T> informer, Func<bool> condition, string what)
        where T : class, IKubernetesObject
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(InformerEvent<T> _)
        {
            if (condition())
            {
                done.TrySetResult();
            }
        }

        informer.Changed += OnChange;
        try
        {
            if (!condition())
            {
                await done.Task.WaitAsync(TestTimeouts.Default, what);
            }
        }
        finally
        {
            informer.Changed -= OnChange;
        }
    }

    /// <summary>Waits until the object is absent from the store (its informer signals the deletion).</summary>
    public Task WaitGoneAsync<T>(Informer<T> informer, FakeResource resource, string? ns, string name)
        where T : class, IKubernetesObject =>
        WaitUntilAsync(informer, () => Store.Get(resource, ns, name) is null, $"{resource.Plural} {ns}/{name} to be deleted");

    /// <summary>Waits for an Event with <paramref name="reason"/> about <paramref name="involvedName"/>.</summary>
    public async Task<JsonObject> WaitForEventAsync(string reason, string involvedName)
    {
        JsonObject? Find() => Store.List(FakeResource.Events).FirstOrDefault(e =>
            (string?)e["reason"] == reason && (string?)e["involvedObject"]?["name"] == involvedName);
        await WaitUntilAsync(Events, () => Find() is not null, $"a {reason} event about {involvedName}");
        return Find()!;
    }

    /// <summary>Writes to the Secret <paramref name="ns"/>/<paramref name="name"/> (POST, PUT, PATCH) seen so far.</summary>
    public IReadOnlyList<RecordedRequest> SecretWrites(string ns, string name) =>
        [.. Server.Requests.Snapshot().Where(r => r.Method is "POST" or "PUT" or "PATCH" &&
            (r.Path == $"/api/v1/namespaces/{ns}/secrets/{name}" ||
             (r.Method == "POST" && r.Path == $"/api/v1/namespaces/{ns}/secrets")))];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running).WaitAsync(TestTimeouts.Short, "the informers and controllers to stop");
        Client.Dispose();
        await Server.DisposeAsync();
        _stop.Dispose();
    }

    private void Start(AddonOptions options)
    {
        var events = new EventRecorder(Client, AddonNames.FieldManager);
        var cma = new ClusterManagementAddOnReconciler(Client, Informers, events, NullLogger<ClusterManagementAddOnReconciler>.Instance);
        var mca = new ManagedClusterAddOnReconciler(Client, Informers, options, events, TimeProvider.System, Logs);
        var cmaController = ClusterManagementAddOnReconciler.CreateController(cma, Informers, NullLogger.Instance);
        var mcaController = ManagedClusterAddOnReconciler.CreateController(mca, Informers, Logs);
        Run(Informers.Configurations.RunAsync);
        Run(Informers.ClusterManagementAddOns.RunAsync);
        Run(Informers.ManagedClusters.RunAsync);
        Run(Informers.ManagedClusterAddOns.RunAsync);
        Run(Informers.ManagedServiceAccounts.RunAsync);
        Run(Informers.TokenSecrets.RunAsync);
        Run(Informers.GatewaySecrets.RunAsync);
        Run(Events.RunAsync);
        Run(ct => cmaController.RunAsync(1, ct));
        Run(ct => mcaController.RunAsync(2, ct));
    }

    private void Run(Func<CancellationToken, Task> run) => _running.Add(Task.Run(() => run(_stop.Token)));
}
