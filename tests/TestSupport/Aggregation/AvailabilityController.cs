using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>
/// Maintains <c>status.conditions[type=Available]</c> of every APIService like
/// k8s.io/kube-aggregator/pkg/controllers/status/remote/remote_available_controller.go (<c>sync</c>): the Service must
/// exist (<c>ServiceNotFound</c>), a ClusterIP Service must have the port (<c>ServicePortError</c>), an endpoint must
/// resolve (<c>EndpointsNotFound</c>), and <c>GET /apis/{group}/{version}</c> on it must answer 2xx within 5 s
/// (<c>FailedDiscoveryCheck</c>), else <c>Passed</c>. Like the real check, that GET presents the front-proxy
/// certificate as <c>system:kube-aggregator</c> in <c>system:masters</c> and does NOT verify the serving certificate
/// (so a wrong <c>caBundle</c> leaves the APIService Available while proxied requests fail). One attempt instead of
/// five. Runs on every APIService spec or Service change, on <see cref="Kick"/>, and every <c>interval</c> (the real
/// controller's informer resyncs every 30 s). The condition's <c>lastTransitionTime</c> changes only with its status
/// (helper.go <c>SetAPIServiceCondition</c>); unchanged results are not written.
/// </summary>
internal sealed class AvailabilityController : IAsyncDisposable
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);
    private readonly KubeAggregator _aggregator;
    private readonly TimeSpan _interval;
    private readonly Channel<bool> _kicks = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private readonly List<StoreWatcher> _watchers = [];

    public AvailabilityController(KubeAggregator aggregator, TimeSpan interval)
    {
        _aggregator = aggregator;
        _interval = interval;
    }

    public void Start()
    {
        foreach (var resource in new[] { FakeResource.ApiServices, FakeResource.Services })
        {
            var (_, watcher) = _aggregator.Store.Watch(resource, null, null);
            _watchers.Add(watcher);
            _tasks.Add(PumpAsync(watcher));
        }

        Kick();
        _tasks.Add(RunAsync());
    }

    public void Kick() => _kicks.Writer.TryWrite(true);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        await Task.WhenAll(_tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task PumpAsync(StoreWatcher watcher)
    {
        try
        {
            await foreach (var e in watcher.Reader.ReadAllAsync(_stop.Token))
            {
                // Not for a status-only change (our own write): the result would be the same.
                if (e.Type != "MODIFIED" || e.Previous is null || !JsonNode.DeepEquals(e.Previous["spec"], e.Object["spec"]))
                {
                    Kick();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                wait.CancelAfter(_interval);
                await _kicks.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                // The interval passed: a periodic check.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            foreach (var entry in _aggregator.ApiServices())
            {
                try
                {
                    var (available, reason, message) = await CheckAsync(entry, token);
                    Write(entry.Name, available, reason, message);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task<(bool Available, string Reason, string Message)> CheckAsync(ApiServiceEntry entry,
        CancellationToken cancellationToken)
    {
        if (entry.IsLocal)
        {
            return (true, "Local", "Local APIServices are always available");
        }

        var (endpoint, reason, message) = _aggregator.Resolve(entry);
        if (endpoint is null)
        {
            return (false, reason!, message!);
        }

        var url = new Uri(endpoint, $"/apis/{entry.Group}/{entry.Version}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await using var connection = await BackendDialer.ConnectAsync(endpoint, entry.ServerName, string.Empty,
                insecure: true, _aggregator.FrontProxyClientCertificate, timeout.Token);
            var head = $"GET {url.AbsolutePath} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nUser-Agent: kube-aggregator\r\n" +
                "Accept: application/json, */*\r\nX-Remote-User: system:kube-aggregator\r\n" +
                "X-Remote-Group: system:masters\r\nConnection: close\r\n\r\n";
            await connection.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
            await connection.FlushAsync(timeout.Token);
            var response = await BackendResponse.ReadAsync(connection, timeout.Token);
            return response.StatusCode is >= 200 and < 300
                ? (true, "Passed", "all checks passed")
                : (false, "FailedDiscoveryCheck",
                    $"failing or missing response from {url}: bad status from {url}: {response.StatusCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, "FailedDiscoveryCheck", $"failing or missing response from {url}: " +
                $"Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (Exception e) when (e is BackendException or IOException)
        {
            return (false, "FailedDiscoveryCheck", $"failing or missing response from {url}: Get \"{url}\": {e.Message}");
        }
    }

    private void Write(string name, bool available, string reason, string message)
    {
        var status = available ? "True" : "False";
        var changed = false;
        _aggregator.Store.Write(FakeResource.ApiServices, null, name, current =>
        {
            if (current is null)
            {
                return null;
            }

            var statusObject = current["status"] as JsonObject ?? [];
            current["status"] = statusObject;
            var conditions = statusObject["conditions"] as JsonArray ?? [];
            statusObject["conditions"] = conditions;
            var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Available");
            if (condition is null)
            {
                condition = new JsonObject { ["type"] = "Available" };
                conditions.Add(condition);
            }

            if ((string?)condition["status"] == status && (string?)condition["reason"] == reason &&
                (string?)condition["message"] == message)
            {
                return current;
            }

            if ((string?)condition["status"] != status)
            {
                condition["lastTransitionTime"] = _aggregator.Store.Now();
            }

            condition["status"] = status;
            condition["reason"] = reason;
            condition["message"] = message;
            changed = true;
            return current;
        }, dryRun: false);
        if (changed)
        {
            _aggregator.OnAvailabilityChanged(new ApiServiceAvailability(name, available, reason, message));
        }
    }
}
