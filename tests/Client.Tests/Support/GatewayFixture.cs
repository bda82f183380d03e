using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.TestSupport;
using k8s;

namespace ClusterGateway.Client.Tests.Support;

/// <summary>
/// The real gateway in-process in local mode (a folder of cluster Secrets) over two fake managed clusters:
/// <c>c1</c> (token <see cref="C1Token"/>, annotated healthy) and <c>c2</c> (token <see cref="C2Token"/>, annotated
/// unhealthy). <see cref="Kubeconfig"/> is the hub kubeconfig the gateway writes (its URL, CA and bearer token).
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string C1Token = "c1-token";
    public const string C2Token = "c2-token";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cg-client-" + Guid.NewGuid().ToString("N")[..8]);
    private GatewayApp? _gateway;

    public FakeApiServer C1 { get; private set; } = null!;

    public FakeApiServer C2 { get; private set; } = null!;

    public string Kubeconfig => Path.Combine(_directory, "hub.kubeconfig");

    internal GatewayApp Gateway => _gateway ?? throw new InvalidOperationException("not started");

    /// <summary>A fresh hub configuration read from the gateway's kubeconfig, as a controller gets it.</summary>
    public KubernetesClientConfiguration Hub() => KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        C1 = await FakeApiServer.StartAsync(new FakeApiServerOptions { Name = "c1", Tokens = { [C1Token] = "c1-admin" } });
        C2 = await FakeApiServer.StartAsync(new FakeApiServerOptions { Name = "c2", Tokens = { [C2Token] = "c2-admin" } });
        var clusters = Path.Combine(_directory, "clusters");
        Directory.CreateDirectory(clusters);
        await File.WriteAllTextAsync(Path.Combine(clusters, "c1.yaml"), Secret("c1", C1, C1Token, "true", ""));
        await File.WriteAllTextAsync(Path.Combine(clusters, "c2.yaml"), Secret("c2", C2, C2Token, "false", "ConnectionTimeout"));

        _gateway = await GatewayApp.StartAsync(new GatewayOptions
        {
            ClustersDir = clusters, SecurePort = 0, WriteKubeconfig = Kubeconfig,
        }, _ => { }, CancellationToken.None);
        var ready = await ClusterRegistryWaits.WaitForAsync(_gateway.Registry,
            r => r.Snapshot.TryGetValue("c1", out var a) && a.IsValid && r.Snapshot.TryGetValue("c2", out var b) && b.IsValid,
            TestTimeouts.Default, CancellationToken.None);
        if (!ready)
        {
            throw new TimeoutException($"Timed out after {TestTimeouts.Default} waiting for the gateway to load c1 and c2.");
        }
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await C1.DisposeAsync();
        await C2.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Secret(string name, FakeApiServer cluster, string token, string healthy, string reason) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: {name}
          labels:
            cluster.core.oam.dev/cluster-credential-type: ServiceAccountToken
          annotations:
            status.cluster.core.oam.dev/healthy: "{healthy}"
            status.cluster.core.oam.dev/healthy-reason: "{reason}"
        stringData:
          endpoint: {cluster.Url}
          token: {token}
          ca.crt: |
        {Indent(cluster.CaPem, 4)}
        """ + "\n";

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.TrimEnd('\n').Split('\n').Select(l => new string(' ', spaces) + l));
}
