using System.Globalization;
using System.Text.Json.Nodes;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Health;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Tests.Ocm;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using ClusterGateway.Gateway.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Gateway.Tests.Health;

/// <summary>
/// The health precedence on OCM-merged clusters, with the hub Secret source on a clock the test moves: a fresh probe
/// result outranks the ManagedCluster's Available condition in both directions, and once stale (or without a probe
/// time at all) the condition applies; the cluster's resourceVersion stays a function of the hub's.
/// </summary>
public sealed class ProbePrecedenceTests : IAsyncLifetime
{
    private const string Token = "hub-token";
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(90);

    private readonly TestClock _clock = new();
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().AddSingleton<ProxyMetrics>()
        .AddSingleton<ClusterSourceMetrics>().BuildServiceProvider();
    private readonly ClusterRegistry _registry = new(NullLogger<ClusterRegistry>.Instance);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cg-probe-" + Guid.NewGuid().ToString("N")[..8]);
    private FakeApiServer _hub = null!;
    private HubConnection _connection = null!;
    private HubSecretSource _source = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _hub = await FakeApiServer.StartAsync(new FakeApiServerOptions
        {
            Name = "hub", Tokens = { [Token] = HubEnvironment.GatewayServiceAccount }, Store = OcmObjects.StoreWithCrd(),
        });
        var now = _clock.GetUtcNow();
        // A fresh probe result "unreachable" against a cluster OCM reports available, and the reverse.
        Put("fresh", healthy: "false", reason: "ProbeFailed", probedAt: now, available: "True");
        Put("reverse", healthy: "true", reason: null, probedAt: now, available: "False");
        // Stale: written more than the window ago.
        Put("stale", healthy: "false", reason: "ProbeFailed", probedAt: now - Freshness - TimeSpan.FromSeconds(1),
            available: "True");
        // A fresh probe result the condition agrees with.
        Put("agrees", healthy: "true", reason: null, probedAt: now, available: "True");
        // Health annotations without a probe time (upstream's gateway, or by hand) are no probe result.
        Put("timeless", healthy: "false", reason: "SetByHand", probedAt: null, available: "True");

        var options = new GatewayOptions
        {
            Kubeconfig = _hub.WriteKubeconfig(_directory, token: Token),
            SecretNamespace = HubEnvironment.SecretNamespace,
            OcmIntegration = true,
            OcmDiscoveryInterval = TimeSpan.FromMilliseconds(200),
            HealthProbeFreshness = Freshness,
        };
        _connection = new HubConnection(options, NullLoggerFactory.Instance);
        _source = new HubSecretSource(options, _connection, _registry, new SecretConversionOptions(), _clock,
            _meters.GetRequiredService<ClusterSourceMetrics>(), NullLoggerFactory.Instance);
        await _source.StartAsync(CancellationToken.None);
        await _registry.WaitForAsync(r => r.IsSynced && r.Snapshot.Count == 5, "the Secrets and ManagedClusters to sync");
    }

    public async Task DisposeAsync()
    {
        await _source.StopAsync(CancellationToken.None);
        _source.Dispose();
        _connection.Dispose();
        await _meters.DisposeAsync();
        await _hub.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact(Timeout = 30_000)]
    public async Task FreshProbeResult_OutranksTheCondition_BothWays()
    {
        await Task.Yield();

        Status("fresh").Should().Be((false, "ProbeFailed"));
        Status("reverse").Should().Be((true, null));
    }

    [Fact(Timeout = 30_000)]
    public async Task StaleOrTimelessProbeResult_TheConditionApplies()
    {
        await Task.Yield();

        Status("stale").Should().Be((true, null));
        Status("timeless").Should().Be((true, null));
    }

    [Fact(Timeout = 30_000)]
    public async Task FreshProbeResult_GoingStale_TheConditionApplies_AtANewResourceVersion()
    {
        await Task.Yield();
        var before = _registry.Snapshot["fresh"].Gateway!.Metadata.ResourceVersion;

        // Due timers fire inside Advance, so the snapshot right after it is the whole effect.
        _clock.Advance(Freshness - TimeSpan.FromSeconds(1));
        Status("fresh").Should().Be((false, "ProbeFailed"));

        var changed = new List<string>();
        _registry.Changed += changes => changed.AddRange(changes.Select(c => c.Name));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Status("fresh").Should().Be((true, null));
        changed.Should().BeEquivalentTo(["fresh", "reverse"], "a stale result the condition agrees with changes nothing");
        Status("reverse").Should().Be((false, "Lost"));
        // A content change gets its own resourceVersion, so informers (which skip updates with an unchanged one)
        // see it and a watch can resume after it.
        long.Parse(_registry.Snapshot["fresh"].Gateway!.Metadata.ResourceVersion!, CultureInfo.InvariantCulture)
            .Should().BeGreaterThan(long.Parse(before!, CultureInfo.InvariantCulture));
    }

    private (bool Healthy, string? Reason) Status(string name)
    {
        var status = _registry.Snapshot[name].Gateway!.Status;
        return (status.Healthy, status.HealthyReason);
    }

    private void Put(string name, string healthy, string? reason, DateTimeOffset? probedAt, string available)
    {
        var secret = HubEnvironment.Secret(name, "ServiceAccountToken", new() { ["token"] = "t" });
        var annotations = new JsonObject
        {
            ["status.cluster.core.oam.dev/healthy"] = healthy,
            ["status.cluster.core.oam.dev/healthy-reason"] = reason ?? "",
        };
        if (probedAt is { } at)
        {
            annotations["status.cluster.core.oam.dev/healthy-time"] = ProbeFreshness.Format(at);
        }

        secret["metadata"]!["annotations"] = annotations;
        _hub.Store.Put(secret);
        _hub.Store.Put(OcmObjects.ManagedCluster(name, "https://10.0.0.1:6443", available: available, reason: "Lost"));
    }
}
