using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Health;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Config;
using ClusterGateway.Kube.Informers;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.AddonManager.Tests.Health;

/// <summary>
/// A fake hub holding the ManagedClusterAddOn CRD, whose <c>clustergateways</c> API (normally aggregated to the
/// gateway) is played by <see cref="FakeApiServerOptions.Intercept"/>: per cluster a <c>proxy/healthz</c> behaviour, a
/// ClusterGateway status (GET, and merge PATCH of the <c>health</c> subresource), 404 for unknown clusters.
/// Runs an informer of ManagedClusterAddOns for the reconciler under test.
/// </summary>
internal sealed class HealthTestHub : IAsyncDisposable
{
    public const string Token = "addon-manager-token";
    private const string GatewayPrefix = "/apis/cluster.core.oam.dev/v1alpha1/clustergateways/";

    private readonly CancellationTokenSource _stop = new();
    private Task _informerRun = Task.CompletedTask;

    private HealthTestHub(FakeApiServer hub, KubeClient client)
    {
        Hub = hub;
        Client = client;
        Addons = new Informer<ManagedClusterAddOn>(client, ManagedClusterAddOn.ResourceKind);
    }

    public FakeApiServer Hub { get; }

    public KubeClient Client { get; }

    public Informer<ManagedClusterAddOn> Addons { get; }

    /// <summary>How each cluster's <c>proxy/healthz</c> answers (default: 200 <c>ok</c>).</summary>
    public ConcurrentDictionary<string, Func<HttpContext, Task>> Healthz { get; } = new(StringComparer.Ordinal);

    /// <summary>The ClusterGateways: cluster → <c>status</c>; absent clusters answer 404.</summary>
    public ConcurrentDictionary<string, JsonObject> GatewayStatus { get; } = new(StringComparer.Ordinal);

    public FakeResource AddonResource =>
        Hub.Store.FindResource(ManagedClusterAddOn.Group, ManagedClusterAddOn.Version, "managedclusteraddons")!;

    public static async Task<HealthTestHub> StartAsync()
    {
        HealthTestHub? environment = null;
        var options = new FakeApiServerOptions
        {
            Name = "hub",
            Tokens = { [Token] = "system:serviceaccount:cluster-gateway:addon-manager" },
            Intercept = context => environment!.InterceptAsync(context),
        };
        var hub = await FakeApiServer.StartAsync(options);
        hub.Store.ApplyYaml(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "assets", "ocm",
            "0000_01_addon.open-cluster-management.io_managedclusteraddons.crd.yaml")));
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(hub.CaPem);
        var client = new KubeClient(new KubeClientOptions
        {
            Server = hub.Url, CaCertificates = ca, TokenSource = new StaticTokenSource(Token),
        });
        environment = new HealthTestHub(hub, client);
        return environment;
    }

    public static Task Ok(HttpContext context) => Text(context, 200, "ok");

    public static async Task Text(HttpContext context, int code, string body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public static async Task Status(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure",
            ["message"] = message, ["reason"] = reason, ["code"] = code,
        }.ToJsonString(), context.RequestAborted);
    }

    /// <summary>Starts the informer and waits for its first list.</summary>
    public async Task StartInformerAsync()
    {
        _informerRun = Addons.RunAsync(_stop.Token);
        await Addons.WaitForSyncAsync(_stop.Token).WaitAsync(TestTimeouts.Default, "the addon informer to sync");
    }

    /// <summary>Stores a <c>cluster-gateway</c> addon in namespace <paramref name="cluster"/>.</summary>
    public JsonObject PutAddon(string cluster, JsonObject? status = null, bool deleting = false)
    {
        var metadata = new JsonObject { ["name"] = "cluster-gateway", ["namespace"] = cluster };
        if (deleting)
        {
            metadata["finalizers"] = new JsonArray("test/keep");
            metadata["deletionTimestamp"] = "2024-01-01T00:00:00Z";
        }

        var addon = new JsonObject
        {
            ["apiVersion"] = ManagedClusterAddOn.GroupVersion,
            ["kind"] = "ManagedClusterAddOn",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["installNamespace"] = "open-cluster-management-agent-addon" },
        };
        if (status is not null)
        {
            addon["status"] = status;
        }

        return Hub.Store.Put(AddonResource, addon);
    }

    public JsonObject? GetAddon(string cluster) => Hub.Store.Get(AddonResource, cluster, "cluster-gateway");

    /// <summary>Waits until the informer's copy of the addon satisfies <paramref name="predicate"/>.</summary>
    public async Task WaitForCachedAsync(string cluster, Func<ManagedClusterAddOn, bool> predicate, string what)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (Addons.TryGet(cluster, "cluster-gateway", out var addon) && predicate(addon))
            {
                seen.TrySetResult();
            }
        }

        void OnChanged(InformerEvent<ManagedClusterAddOn> _) => Check();
        Addons.Changed += OnChanged;
        try
        {
            Check();
            await seen.Task.WaitAsync(TestTimeouts.Default, what);
        }
        finally
        {
            Addons.Changed -= OnChanged;
        }
    }

    /// <summary>Requests so far with this method whose path ends with <paramref name="suffix"/>.</summary>
    public int Count(string method, string suffix) =>
        Hub.Requests.Snapshot().Count(r => r.Method == method && r.Path.EndsWith(suffix, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _informerRun;
        Client.Dispose();
        await Hub.DisposeAsync();
        _stop.Dispose();
    }

    private async Task<bool> InterceptAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(GatewayPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = path[GatewayPrefix.Length..].Split('/', 2);
        var cluster = parts[0];
        var rest = parts.Length > 1 ? parts[1] : "";
        switch (context.Request.Method, rest)
        {
            case ("GET", "proxy/healthz"):
                await (Healthz.TryGetValue(cluster, out var healthz) ? healthz(context) : Ok(context));
                return true;
            case ("GET", ""):
                await WriteGatewayAsync(context, cluster);
                return true;
            case ("PATCH", "health"):
                if (GatewayStatus.TryGetValue(cluster, out var current))
                {
                    var patch = (await JsonNode.ParseAsync(context.Request.Body))!["status"]!.AsObject();
                    foreach (var (key, value) in patch)
                    {
                        current[key] = value?.DeepClone();
                    }
                }

                await WriteGatewayAsync(context, cluster);
                return true;
            default:
                await Status(context, 405, "MethodNotAllowed", "not served by the test hub");
                return true;
        }
    }

    private Task WriteGatewayAsync(HttpContext context, string cluster)
    {
        if (!GatewayStatus.TryGetValue(cluster, out var status))
        {
            return Status(context, 404, "NotFound", $"clustergateways.cluster.core.oam.dev \"{cluster}\" not found");
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject
        {
            ["apiVersion"] = "cluster.core.oam.dev/v1alpha1",
            ["kind"] = "ClusterGateway",
            ["metadata"] = new JsonObject { ["name"] = cluster },
            ["spec"] = new JsonObject
            {
                ["access"] = new JsonObject { ["endpoint"] = new JsonObject { ["type"] = "Const" } },
            },
            ["status"] = status.DeepClone(),
        }.ToJsonString(), context.RequestAborted);
    }

    public static AddonHealthReconciler Reconciler(HealthTestHub env, HealthProbeOptions? options = null,
        TimeProvider? time = null) =>
        new(env.Client, env.Addons, options ?? new HealthProbeOptions(), time ?? TimeProvider.System,
            NullLogger<AddonHealthReconciler>.Instance);
}
