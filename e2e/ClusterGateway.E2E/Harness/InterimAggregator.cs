using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.E2E.Processes;
using ClusterGateway.TestSupport;
using ClusterGateway.TestSupport.Aggregation;

namespace ClusterGateway.E2E.Harness;

/// <summary>
/// A stand-in kube-aggregator on the fake hub's existing aggregation layer (<see cref="FakeApiServer.AddAggregatedApi"/>):
/// it watches APIServices, resolves their Service through the kubelet's pod network (ready pods only, like the
/// endpoints controller) and registers the group with the APIService's caBundle; a deleted APIService or a Service
/// without ready endpoints is unregistered; the APIService <c>Available</c> condition is written as kube-aggregator's
/// availability controller does. Limits of the underlying layer: callers' bearer tokens are forwarded instead of a
/// front-proxy certificate with <c>X-Remote-*</c> headers, and upgrades (exec, port-forward) are not relayed.
/// </summary>
internal sealed class InterimAggregator : IKubeAggregator
{
    private readonly FakeApiServer _hub;
    private readonly HubApi _api;
    private readonly FakeKubelet _kubelet;
    private readonly ProcessLog _log;
    private readonly Dictionary<string, JsonObject> _apiServices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Uri Server, string Ca)> _registered = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public InterimAggregator(FakeApiServer hub, HubApi api, FakeKubelet kubelet, ProcessLog log)
    {
        _hub = hub;
        _api = api;
        _kubelet = kubelet;
        _log = log;
        _kubelet.EndpointsChanged += OnEndpointsChanged;
        _loop = Task.Run(() => WatchAsync(_stop.Token));
    }

    public bool SupportsUpgrades => false;

    public bool UsesFrontProxy => false;

    /// <summary>Raised with (APIService name, its object) the first time the aggregator sees an APIService.</summary>
    public event Action<string, JsonObject>? ApiServiceSeen;

    public async ValueTask DisposeAsync()
    {
        _kubelet.EndpointsChanged -= OnEndpointsChanged;
        await _stop.CancelAsync();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or HttpRequestException)
        {
        }

        _stop.Dispose();
    }

    private void OnEndpointsChanged() => _ = Task.Run(() => ReconcileAllAsync(_stop.Token));

    private async Task WatchAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var (type, apiService) in _api.ListWatchAsync("/apis/apiregistration.k8s.io/v1/apiservices", ct))
            {
                var name = apiService["metadata"]!["name"]!.GetValue<string>();
                await _gate.WaitAsync(ct);
                try
                {
                    if (type == "DELETED")
                    {
                        _apiServices.Remove(name);
                    }
                    else
                    {
                        if (_apiServices.TryAdd(name, apiService))
                        {
                            ApiServiceSeen?.Invoke(name, apiService);
                        }

                        _apiServices[name] = apiService;
                    }
                }
                finally
                {
                    _gate.Release();
                }

                await ReconcileAllAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReconcileAllAsync(CancellationToken ct)
    {
        try
        {
            await _gate.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            var wanted = new Dictionary<string, (string Version, Uri Server, string Ca, string Name)>(StringComparer.Ordinal);
            foreach (var (name, apiService) in _apiServices)
            {
                var spec = apiService["spec"]!;
                if (spec["service"] is not JsonObject service)
                {
                    continue;
                }

                var group = spec["group"]!.GetValue<string>();
                var endpoint = _kubelet.ResolveEndpoint(service["namespace"]!.GetValue<string>(),
                    service["name"]!.GetValue<string>(), service["port"]?.GetValue<int>() ?? 443);
                var ca = spec["caBundle"]?.GetValue<string>() is { Length: > 0 } b
                    ? Encoding.UTF8.GetString(Convert.FromBase64String(b))
                    : "";
                if (endpoint is not null && ca.Length > 0)
                {
                    wanted[group] = (spec["version"]!.GetValue<string>(), endpoint, ca, name);
                }

                await WriteAvailableAsync(name, apiService, endpoint is not null, ct);
            }

            foreach (var group in _registered.Keys.Where(g => !wanted.ContainsKey(g)).ToList())
            {
                _hub.RemoveAggregatedApi(group);
                _registered.Remove(group);
                _log.Add("aggregator", $"{group}: no longer served");
            }

            foreach (var (group, (version, server, ca, _)) in wanted)
            {
                if (_registered.TryGetValue(group, out var current) && current.Server == server && current.Ca == ca)
                {
                    continue;
                }

                _hub.AddAggregatedApi(new FakeAggregatedApi(group, version, server, ca));
                _registered[group] = (server, ca);
                _log.Add("aggregator", $"{group}/{version} → {server} ({NearRotationSigner.Parse(ca).Count} CA(s))");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.Add("aggregator", $"reconcile failed: {e.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteAvailableAsync(string name, JsonObject apiService, bool available, CancellationToken ct)
    {
        var status = available ? "True" : "False";
        var current = apiService["status"]?["conditions"]?.AsArray()
            .FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Available")?["status"]?.GetValue<string>();
        if (current == status)
        {
            return;
        }

        var patch = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Available",
                    ["status"] = status,
                    ["reason"] = available ? "Passed" : "MissingEndpoints",
                    ["message"] = available ? "all checks passed" : "endpoints for service/cluster-gateway have no addresses",
                    ["lastTransitionTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                }),
            },
        };
        try
        {
            var written = await _api.MergePatchAsync($"/apis/apiregistration.k8s.io/v1/apiservices/{name}/status", patch, ct);
            _apiServices[name] = written;
        }
        catch (HubApiException e) when (e.StatusCode is 404 or 409)
        {
        }
    }
}
