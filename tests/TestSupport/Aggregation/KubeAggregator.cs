using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>
/// The fake hub's kube-aggregator (https://kubernetes.io/docs/tasks/extend-kubernetes/configure-aggregation-layer/),
/// enabled by <see cref="FakeApiServer.EnableApiServiceAggregation"/>. It
/// <list type="bullet">
/// <item>publishes <c>kube-system/extension-apiserver-authentication</c> as kube-apiserver does
/// (pkg/controlplane/controller/clusterauthenticationtrust): <c>client-ca-file</c> (the hub CA),
/// <c>requestheader-client-ca-file</c> (<see cref="FrontProxyCa"/>), and JSON string arrays
/// <c>requestheader-allowed-names</c> <c>["front-proxy-client"]</c>, <c>-username-headers</c> <c>["X-Remote-User"]</c>,
/// <c>-uid-headers</c> <c>[]</c>, <c>-group-headers</c> <c>["X-Remote-Group"]</c>, <c>-extra-headers-prefix</c>
/// <c>["X-Remote-Extra-"]</c> (written once, not re-asserted if a test edits it);</item>
/// <item>reads the store's <c>apiregistration.k8s.io/v1 APIService</c> objects on every request (so a deleted one is
/// gone from routing and discovery at once): <c>/apis</c> lists their groups, <c>/apis/{group}</c> is answered from
/// them, and everything under <c>/apis/{group}/{version}</c> of an APIService with <c>spec.service</c> is proxied by
/// <see cref="ApiServiceProxy"/> after the hub's own authentication and authorization;</item>
/// <item>keeps their <c>Available</c> condition like the real availability controller
/// (<see cref="AvailabilityController"/>).</item>
/// </list>
/// Endpoints: the aggregator looks the APIService's Service up in the store (it must exist and, when ClusterIP, have
/// the APIService's port), then asks <c>resolveEndpoint(namespace, service, servicePort)</c> for the URL of a ready
/// backend (<c>https://127.0.0.1:PORT</c>); the port passed is the Service port of <c>spec.service.port</c> (default
/// 443), not the targetPort: the caller plays kube-proxy/EndpointSlices and may read the Service's
/// <c>targetPort</c> itself. Not modelled: several endpoints, EndpointSlice readiness (<c>MissingEndpoints</c>),
/// HTTP/2 to the backend, the <c>X-Remote-Uid</c> header (the <c>RemoteRequestHeaderUID</c> gate), aggregated
/// discovery (<c>apidiscovery.k8s.io/v2</c>) and OpenAPI aggregation.
/// </summary>
public sealed class KubeAggregator : IAsyncDisposable
{
    /// <summary>The ConfigMap's namespace and name.</summary>
    public const string AuthenticationConfigMapNamespace = "kube-system";

    /// <inheritdoc cref="AuthenticationConfigMapNamespace"/>
    public const string AuthenticationConfigMapName = "extension-apiserver-authentication";

    private readonly FakeApiServer _server;
    private readonly Func<string, string, int, Uri?> _resolveEndpoint;
    private readonly ConcurrentQueue<AggregatorForward> _forwards = new();
    private readonly Lock _forwardedGate = new();
    private TaskCompletionSource _forwarded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AvailabilityController _availability;

    internal KubeAggregator(FakeApiServer server, Func<string, string, int, Uri?> resolveEndpoint, TimeSpan interval)
    {
        _server = server;
        _resolveEndpoint = resolveEndpoint;
        FrontProxyClientCertificate = FrontProxyCa.IssueClientCertificate(FrontProxyClientName);
        _availability = new AvailabilityController(this, interval);
    }

    /// <summary>The CA of the front-proxy client certificate (<c>requestheader-client-ca-file</c>).</summary>
    public TestCertificateAuthority FrontProxyCa { get; } = TestCertificateAuthority.Create("front-proxy-ca");

    /// <summary>The CN of the front-proxy client certificate, the only <c>requestheader-allowed-names</c> entry.</summary>
    public string FrontProxyClientName => "front-proxy-client";

    /// <summary>The certificate presented to backends (CN <see cref="FrontProxyClientName"/>, by <see cref="FrontProxyCa"/>).</summary>
    public X509Certificate2 FrontProxyClientCertificate { get; }

    /// <summary>Every request proxied (or refused with 503) for an APIService, in arrival order.</summary>
    public IReadOnlyList<AggregatorForward> Forwards => [.. _forwards];

    /// <summary>
    /// The first forward matching <paramref name="match"/>, once recorded. A forward is recorded when its exchange has
    /// ended - for an upgrade, when the session closed - which may be after the caller saw the end of its response.
    /// </summary>
    /// <param name="match">Which forward.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The forward.</returns>
    /// <exception cref="TimeoutException">None matched within <paramref name="timeout"/>.</exception>
    public async Task<AggregatorForward> WaitForForwardAsync(Func<AggregatorForward, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task recorded;
            lock (_forwardedGate)
            {
                recorded = _forwarded.Task;
            }

            // Checked after taking the signal: a forward recorded meanwhile completes it.
            if (_forwards.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await recorded.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"no matching aggregator forward within {timeout}; recorded: {_forwards.Count}");
            }
        }
    }

    /// <summary>How many requests were proxied or refused (<see cref="Forwards"/>' count).</summary>
    public int ForwardCount => _forwards.Count;

    /// <summary>How many requests the aggregator could not deliver (<see cref="AggregatorForward.Failed"/>).</summary>
    public int FailureCount => _forwards.Count(f => f.Failed);

    /// <summary>Raised (on the controller's thread) after an APIService's Available condition was changed.</summary>
    public event Action<ApiServiceAvailability>? AvailabilityChanged;

    internal FakeObjectStore Store => _server.Store;

    /// <summary>Checks every APIService's availability now (e.g. after starting or stopping a backend).</summary>
    public void Recheck() => _availability.Kick();

    /// <summary>Waits until the named APIService's Available condition has <paramref name="status"/>; returns the APIService.</summary>
    /// <param name="name">APIService name, e.g. <c>v1alpha1.cluster.core.oam.dev</c>.</param>
    /// <param name="status"><c>True</c> or <c>False</c>.</param>
    /// <param name="timeout">How long to wait (a <see cref="TimeoutException"/> after it).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public Task<JsonObject> WaitForAvailableAsync(string name, string status, TimeSpan timeout,
        CancellationToken cancellationToken = default) =>
        Store.WaitForAsync(FakeResource.ApiServices, null, name,
            o => (o["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
                .Any(c => (string?)c["type"] == "Available" && (string?)c["status"] == status),
            timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _availability.DisposeAsync();
        FrontProxyClientCertificate.Dispose();
        FrontProxyCa.Dispose();
    }

    internal void Start()
    {
        PublishAuthenticationConfigMap();
        _availability.Start();
    }

    internal void OnAvailabilityChanged(ApiServiceAvailability change) => AvailabilityChanged?.Invoke(change);

    internal IReadOnlyList<ApiServiceEntry> ApiServices() =>
        [.. Store.List(FakeResource.ApiServices).Select(ApiServiceEntry.Parse)];

    /// <summary>The Service lookup of the availability controller, then the caller's endpoint resolution.</summary>
    internal (Uri? Endpoint, string? Reason, string? Message) Resolve(ApiServiceEntry entry)
    {
        var service = Store.Get(FakeResource.Services, entry.ServiceNamespace, entry.ServiceName!);
        var where = $"service/{entry.ServiceName} in \"{entry.ServiceNamespace}\"";
        if (service is null)
        {
            return (null, "ServiceNotFound", $"{where} is not present");
        }

        var type = (string?)service["spec"]?["type"] ?? "ClusterIP";
        if (type == "ClusterIP" && !(service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>()
                .Any(p => p["port"] is JsonValue v && v.TryGetValue<int>(out var port) && port == entry.Port))
        {
            return (null, "ServicePortError", $"{where} is not listening on port {entry.Port}");
        }

        return _resolveEndpoint(entry.ServiceNamespace!, entry.ServiceName!, entry.Port) is { } endpoint
            ? (endpoint, null, null)
            : (null, "EndpointsNotFound", $"cannot find endpointslices for {where}");
    }

    /// <summary>Proxies the request when it is under <c>/apis/{group}/{version}</c> of a remote APIService.</summary>
    /// <returns>True when the response was written.</returns>
    internal async Task<bool> TryForwardAsync(HttpContext context, FakeUser user)
    {
        var parts = (context.Request.Path.Value ?? "/").Split('/', 5);
        if (parts.Length < 4 || parts[0].Length != 0 || parts[1] != "apis")
        {
            return false;
        }

        var entry = ApiServices().FirstOrDefault(e => !e.IsLocal && e.Group == parts[2] && e.Version == parts[3]);
        if (entry is null)
        {
            return false;
        }

        var endpoint = entry.Available ? Resolve(entry).Endpoint : null;
        var forward = await ApiServiceProxy.ForwardAsync(context, entry, endpoint, user, this);
        _forwards.Enqueue(forward);
        lock (_forwardedGate)
        {
            _forwarded.TrySetResult();
            _forwarded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return true;
    }

    /// <summary><c>/apis</c> entries of the APIService groups the server does not serve itself.</summary>
    internal IEnumerable<JsonNode> GroupEntries(IEnumerable<string> localGroups)
    {
        var local = localGroups.ToHashSet(StringComparer.Ordinal);
        return ByGroup().Where(g => !local.Contains(g.Key)).Select(g => (JsonNode)GroupDocument(g.Key, g.ToList()));
    }

    /// <summary>The <c>APIGroup</c> document of <paramref name="group"/> when only APIServices provide it.</summary>
    internal JsonObject? GroupDocument(string group)
    {
        var versions = ApiServices().Where(e => e.Group == group).ToList();
        if (versions.Count == 0)
        {
            return null;
        }

        var document = GroupDocument(group, versions);
        document["kind"] = "APIGroup";
        document["apiVersion"] = "v1";
        return document;
    }

    // handler_apis.go: groups by highest groupPriorityMinimum, versions by versionPriority (then name).
    private IEnumerable<IGrouping<string, ApiServiceEntry>> ByGroup() =>
        ApiServices().Where(e => e.Group.Length > 0).GroupBy(e => e.Group)
            .OrderByDescending(g => g.Max(e => e.GroupPriorityMinimum)).ThenBy(g => g.Key, StringComparer.Ordinal);

    private static JsonObject GroupDocument(string group, List<ApiServiceEntry> entries)
    {
        var versions = entries.OrderByDescending(e => e.VersionPriority).ThenBy(e => e.Version, StringComparer.Ordinal)
            .Select(e => e.Version).Distinct(StringComparer.Ordinal).ToList();
        JsonObject Entry(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)Entry(v))]),
            ["preferredVersion"] = Entry(versions[0]),
        };
    }

    private void PublishAuthenticationConfigMap()
    {
        static string List(params string[] values) => JsonSerializer.Serialize(values);
        Store.Put(FakeResource.ConfigMaps, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = AuthenticationConfigMapName,
                ["namespace"] = AuthenticationConfigMapNamespace,
            },
            ["data"] = new JsonObject
            {
                ["client-ca-file"] = _server.CaPem + "\n",
                ["requestheader-allowed-names"] = List(FrontProxyClientName),
                ["requestheader-client-ca-file"] = FrontProxyCa.CertificatePem + "\n",
                ["requestheader-extra-headers-prefix"] = List("X-Remote-Extra-"),
                ["requestheader-group-headers"] = List("X-Remote-Group"),
                ["requestheader-uid-headers"] = List(),
                ["requestheader-username-headers"] = List("X-Remote-User"),
            },
        });
    }
}
