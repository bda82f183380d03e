using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Benchmark;

/// <summary>Where scale mode's N clusters live: files (local mode) or Secrets in a fake hub (hub mode).</summary>
internal interface IScaleSource : IAsyncDisposable
{
    string Mode { get; }

    Task PopulateAsync(int n, CancellationToken ct);

    GatewayProcess StartGateway(string log);

    /// <summary>Rewrites cluster <paramref name="i"/> with another endpoint (and a new annotation).</summary>
    void Update(int i, string endpoint, int generation);
}

internal static class ScaleNames
{
    public static string Of(int i) => "cluster-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
}

internal sealed class LocalScaleSource(BenchOptions o, Pki pki) : IScaleSource
{
    private readonly string _dir = Path.Combine(o.WorkDir, "scale-clusters");

    public string Mode => "local mode (one file per cluster)";

    public Task PopulateAsync(int n, CancellationToken ct)
    {
        for (var i = 0; i < n; i++)
        {
            Update(i, "https://127.0.0.1:6443", 0);
        }

        return Task.CompletedTask;
    }

    public GatewayProcess StartGateway(string log) => GatewayProcess.StartLocal(o, _dir, pki, log);

    public void Update(int i, string endpoint, int generation) =>
        ClusterFiles.Write(_dir, ScaleNames.Of(i), endpoint, pki.CaPem, "t" + i, generation);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class HubScaleSource(BenchOptions o, Pki pki) : IScaleSource
{
    private const string Namespace = "open-cluster-management-credentials";
    private const string GatewayToken = "gateway-token";
    private const string ClientToken = "admin-token";
    private FakeApiServer? _hub;

    public string Mode => "hub mode (Secrets in the fake hub, tests/TestSupport)";

    public async Task PopulateAsync(int n, CancellationToken ct)
    {
        _hub = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "hub",
            NamespaceMustExist = false,
            Tokens =
            {
                [GatewayToken] = "system:serviceaccount:cluster-gateway:gateway",
                [ClientToken] = "admin",
            },
        }, ct);
        for (var i = 0; i < n; i++)
        {
            Update(i, "https://127.0.0.1:6443", 0);
        }
    }

    public GatewayProcess StartGateway(string log)
    {
        var hub = _hub ?? throw new InvalidOperationException("populate first");
        var kubeconfig = hub.WriteKubeconfig(Path.Combine(o.WorkDir, "hub"), token: GatewayToken);
        return GatewayProcess.StartHub(o, kubeconfig, ClientToken, pki, log);
    }

    public void Update(int i, string endpoint, int generation)
    {
        var secret = ClusterSecrets.Create(ScaleNames.Of(i), Namespace, "ServiceAccountToken", new Dictionary<string, string>
        {
            ["endpoint"] = endpoint, ["ca.crt"] = pki.CaPem, ["token"] = "t" + i,
        });
        secret["metadata"]!["annotations"] = new JsonObject { ["bench/generation"] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        (_hub ?? throw new InvalidOperationException("populate first")).Store.Put(secret);
    }

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}
