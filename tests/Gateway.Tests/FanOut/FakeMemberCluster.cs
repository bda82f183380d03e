using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.FanOut;
using ClusterGateway.Kube.Models;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>
/// A managed cluster of a fan-out test: a fake API server over a store that outlives it, so the server can be stopped
/// (its watches break, connections are refused) and started again on a new port with the same objects and history.
/// </summary>
internal sealed class FakeMemberCluster : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private FakeApiServer? _server;
    private HttpClient? _client;

    private FakeMemberCluster(string name) => Name = name;

    public string Name { get; }

    public FakeObjectStore Store { get; } = new();

    /// <summary>How many watch requests reached this cluster's servers.</summary>
    public int WatchRequests;

    public static async Task<FakeMemberCluster> StartAsync(string name, TimeSpan? bookmarkInterval = null)
    {
        var cluster = new FakeMemberCluster(name);
        await cluster.StartServerAsync(bookmarkInterval);
        return cluster;
    }

    public async Task StartServerAsync(TimeSpan? bookmarkInterval = null)
    {
        var server = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = Name, Store = Store, AllowAnonymous = true, WatchBookmarkInterval = bookmarkInterval,
        });
        lock (_lock)
        {
            (_server, _client) = (server, server.CreateClient());
        }
    }

    /// <summary>Stops the server: its open watches end, new requests are refused.</summary>
    public async Task StopServerAsync()
    {
        FakeApiServer? server;
        lock (_lock)
        {
            server = _server;
            _server = null;
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    public JsonObject PutConfigMap(string name, string value, string ns = "default") =>
        Store.Put(FakeResource.ConfigMaps, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["data"] = new JsonObject { ["v"] = value },
        });

    /// <summary>Sends a request to the current server; null when it is stopped or refuses.</summary>
    public async Task<HttpResponseMessage?> TrySendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpClient? client;
        lock (_lock)
        {
            client = _server is null ? null : _client;
        }

        try
        {
            return client is null ? null : await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>A fan-out member sending to this cluster's current server, as the gateway's member would.</summary>
    public IFanOutMember Member(string path, string? accept) => new ClusterMember(this, path, accept);

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        await Store.DisposeAsync();
    }

    private sealed class ClusterMember(FakeMemberCluster cluster, string path, string? accept) : IFanOutMember
    {
        public string Cluster => cluster.Name;

        public async Task<FanOutReply> SendAsync(string query, CancellationToken cancellationToken)
        {
            HttpClient? client;
            lock (cluster._lock)
            {
                client = cluster._server is null ? null : cluster._client;
            }

            if (client is null)
            {
                return new FanOutReply(null, Status.Failure(503, "ServiceUnavailable", "connection refused"));
            }

            if (query.Contains("watch=", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref cluster.WatchRequests);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, path + query);
            if (accept is not null)
            {
                request.Headers.Accept.Clear();
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }

            try
            {
                var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead,
                    cancellationToken);
                return new FanOutReply(response, null);
            }
            catch (HttpRequestException e)
            {
                return new FanOutReply(null, Status.Failure(503, "ServiceUnavailable", e.Message));
            }
        }
    }
}

/// <summary>A membership a test changes at will; each change wakes the watches following it.</summary>
internal sealed class TestMembership
{
    private readonly Lock _lock = new();
    private IReadOnlyList<FakeMemberCluster> _clusters;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TestMembership(params FakeMemberCluster[] clusters) => _clusters = clusters;

    public IReadOnlyList<FakeMemberCluster> Clusters
    {
        get
        {
            lock (_lock)
            {
                return _clusters;
            }
        }
    }

    /// <summary>Members that are not fake clusters (canned answers).</summary>
    public List<IFanOutMember> Extra { get; } = [];

    public void Set(params FakeMemberCluster[] clusters)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _clusters = clusters;
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>The membership of one request: members carry its path and Accept.</summary>
    public IFanOutMembership For(string path, string? accept) => new View(this, path, accept);

    private Task Changed
    {
        get
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }
    }

    private sealed class View(TestMembership owner, string path, string? accept) : IFanOutMembership
    {
        public IReadOnlyList<IFanOutMember> Current =>
            [.. owner.Clusters.Select(c => c.Member(path, accept)).Concat(owner.Extra).OrderBy(m => m.Cluster, StringComparer.Ordinal)];

        public Task WaitForChangeAsync(CancellationToken cancellationToken) =>
            owner.Changed.WaitAsync(cancellationToken);
    }
}
