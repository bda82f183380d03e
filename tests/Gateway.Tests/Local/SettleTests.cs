using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Local;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Gateway.Tests.Local;

/// <summary>
/// A file renamed into the folder is complete (rename(2) is atomic) and is read at once; a file written in place may
/// be half written, so it is read only once it has been quiet for <see cref="LocalManifestSource.Settle"/>. The
/// source runs on a <see cref="TestClock"/> that only the test moves, so "not yet read" is an ordering, not a race.
/// </summary>
public sealed class SettleTests : IAsyncLifetime
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().AddSingleton<ProxyMetrics>()
        .AddSingleton<ClusterSourceMetrics>().BuildServiceProvider();
    private readonly ClusterRegistry _registry = new(NullLogger<ClusterRegistry>.Instance);
    private readonly TestClock _clock = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cg-settle-" + Guid.NewGuid().ToString("N")[..8]);
    private LocalManifestSource _source = null!;

    private string Clusters => Path.Combine(_directory, "clusters");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Clusters);
        Move("a", Manifest("a", "token-1"));
        _source = new LocalManifestSource(Clusters, _registry, SecretConversionOptions.Default,
            _meters.GetRequiredService<ClusterSourceMetrics>(), _clock, NullLogger<LocalManifestSource>.Instance);
        await _source.StartAsync(CancellationToken.None);
        _registry.Snapshot["a"].IsValid.Should().BeTrue();
        // The loop arms its first wait once its watcher runs: from then on every write is reported.
        (await _clock.TimerArmed.WaitAsync(TestTimeouts.Default)).Should().BeTrue();
    }

    public async Task DisposeAsync()
    {
        await _source.StopAsync(CancellationToken.None);
        _source.Dispose();
        await _meters.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact(Timeout = 30_000)]
    public async Task InPlaceWrite_IsReadOnlyOnceSettled_WhileAFileRenamedIn_IsReadAtOnce()
    {
        // In place, cut short before its token (a broken cluster, or none).
        await File.WriteAllTextAsync(Path.Combine(Clusters, "a.yaml"), Manifest("a", token: null));
        // Reported after it, and read at once although the clock has not moved.
        Move("b", Manifest("b", "token-1"));
        await _registry.WaitForAsync(r => r.Snapshot.ContainsKey("b"), "the file renamed in");

        Address("a").Should().Be("https://a.token-1.example:6443", "the in-place write has not settled, so the last read stays");

        // Once quiet for the settle window it is read, cut short as it is: the wait above is what kept it out.
        _clock.Advance(LocalManifestSource.Settle);
        await _registry.WaitForAsync(_ => Address("a") != "https://a.token-1.example:6443", "the settled write");
    }

    [Fact(Timeout = 30_000)]
    public async Task HalfWrittenThenComplete_InPlace_OnlyTheCompleteVersionIsServed()
    {
        var served = new System.Collections.Concurrent.ConcurrentQueue<ClusterEntry?>();
        _registry.Changed += changes =>
        {
            foreach (var change in changes.Where(c => c.Name == "a"))
            {
                served.Enqueue(change.New);
            }
        };
        var path = Path.Combine(Clusters, "a.yaml");
        await File.WriteAllTextAsync(path, Manifest("a", token: null));
        await File.WriteAllTextAsync(path, Manifest("a", "token-2"));
        // A rename after both writes: once it is read, both writes' events were reported (events come in order).
        Move("b", Manifest("b", "token-1"));
        await _registry.WaitForAsync(r => r.Snapshot.ContainsKey("b"), "the file renamed in");
        served.Should().BeEmpty("neither in-place write has settled");

        _clock.Advance(LocalManifestSource.Settle);
        await _registry.WaitForAsync(
            _ => Address("a") == "https://a.token-2.example:6443",
            "the complete write");
        served.Should().ContainSingle().Which!.Gateway!.Spec.Access.Endpoint.Const!.Address
            .Should().Be("https://a.token-2.example:6443");
    }

    private string? Address(string name) =>
        _registry.Snapshot.TryGetValue(name, out var entry) ? entry.Gateway?.Spec.Access.Endpoint.Const?.Address : null;

    private void Move(string name, string text)
    {
        // Staged inside the folder under a name that is not a manifest: a move from outside it is reported as a
        // creation (inotify's unpaired IN_MOVED_TO), which settles like an in-place write.
        var staged = Path.Combine(Clusters, "." + name + ".tmp");
        File.WriteAllText(staged, text);
        File.Move(staged, Path.Combine(Clusters, name + ".yaml"), overwrite: true);
    }

    private static string Manifest(string name, string? token) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: {name}
          labels:
            cluster.core.oam.dev/cluster-credential-type: ServiceAccountToken
        stringData:
          endpoint: https://{name}.{token ?? "cut"}.example:6443
        {(token is null ? "" : "  token: " + token)}
        """;
}
