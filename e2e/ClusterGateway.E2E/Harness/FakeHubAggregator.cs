using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;
using ClusterGateway.TestSupport.Aggregation;

namespace ClusterGateway.E2E.Harness;

/// <summary>
/// The fake-hub lane's kube-aggregator: the fake hub's <see cref="KubeAggregator"/> (front-proxy client certificate,
/// <c>X-Remote-*</c> headers, the APIService's caBundle verified for <c>&lt;service&gt;.&lt;namespace&gt;.svc</c>,
/// upgrades, the <c>Available</c> condition), with Services resolved through the kubelet's pod network. It also tells
/// the journey when an APIService is first seen, to check that it appears only once the gateway is ready.
/// </summary>
internal sealed class FakeHubAggregator : IKubeAggregator
{
    private readonly FakeKubelet _kubelet;
    private readonly HubApi _api;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeHubAggregator(FakeApiServer hub, HubApi api, FakeKubelet kubelet)
    {
        _kubelet = kubelet;
        _api = api;
        Inner = hub.EnableApiServiceAggregation(kubelet.ResolveEndpoint, TimeSpan.FromMilliseconds(500));
        _kubelet.EndpointsChanged += Inner.Recheck;
        _loop = Task.Run(() => WatchAsync(_stop.Token));
    }

    /// <summary>Raised with (APIService name, its object) the first time an APIService is seen.</summary>
    public event Action<string, JsonObject>? ApiServiceSeen;

    /// <summary>The hub's aggregator (forward and failure counts, availability).</summary>
    public KubeAggregator Inner { get; }

    public bool SupportsUpgrades => true;

    public bool UsesFrontProxy => true;

    public async ValueTask DisposeAsync()
    {
        _kubelet.EndpointsChanged -= Inner.Recheck;
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

    private async Task WatchAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var (type, apiService) in _api.ListWatchAsync("/apis/apiregistration.k8s.io/v1/apiservices", ct))
            {
                var name = apiService["metadata"]!["name"]!.GetValue<string>();
                if (type != "DELETED" && _seen.Add(name))
                {
                    ApiServiceSeen?.Invoke(name, apiService);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
