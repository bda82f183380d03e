using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Playground;

/// <summary>
/// The managed clusters: c1 and c2, each the tests' fake kube-apiserver on a free loopback port (HTTPS with its own
/// CA, one admin bearer token), in memory. c1 has the namespace <c>frontend</c> and a running pod <c>demo</c> that
/// answers <c>kubectl exec</c> (<c>echo</c>, <c>cat</c>, <c>sh -c</c>); c2 has the namespace <c>backend</c>.
/// </summary>
internal sealed class ManagedClusters : IAsyncDisposable
{
    private readonly List<(string Name, FakeApiServer Server, string Token)> _clusters = [];

    private ManagedClusters()
    {
    }

    /// <summary>The clusters' names, in order.</summary>
    public IEnumerable<string> Names => _clusters.Select(c => c.Name);

    /// <summary>Starts c1 and c2 with their sample objects.</summary>
    public static async Task<ManagedClusters> StartAsync(CancellationToken cancellationToken)
    {
        var clusters = new ManagedClusters();
        try
        {
            var c1 = await clusters.AddAsync("c1", cancellationToken);
            c1.Store.Put(Namespace("frontend"));
            c1.Store.Put(FakePods.Running("demo"));
            var c2 = await clusters.AddAsync("c2", cancellationToken);
            c2.Store.Put(Namespace("backend"));
            return clusters;
        }
        catch
        {
            await clusters.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes one local-mode cluster Secret manifest per cluster into <paramref name="directory"/>.</summary>
    public void WriteClusterFiles(string directory)
    {
        foreach (var (name, server, token) in _clusters)
        {
            ClusterFiles.Write(directory, name, server.Url, server.CaPem, token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, server, _) in _clusters)
        {
            await server.DisposeAsync();
        }

        _clusters.Clear();
    }

    private async Task<FakeApiServer> AddAsync(string name, CancellationToken cancellationToken)
    {
        var token = $"{name}-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var server = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = name,
            Tokens = { [token] = "playground-admin" },
            TokenGroups = { [token] = ["system:masters"] },
        }, cancellationToken);
        _clusters.Add((name, server, token));
        return server;
    }

    private static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["status"] = new JsonObject { ["phase"] = "Active" },
    };
}
