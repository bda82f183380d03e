using System.Text.Json;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Proxy.Credentials;
using ClusterGateway.Gateway.Tests.Apiserver;
using ClusterGateway.Gateway.Tests.Security;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterGateway.Gateway.Tests.Proxy.Credentials;

/// <summary>
/// <see cref="ExecCredentialCache"/> with a clock moved by hand and real plugin scripts: renewal before expiry,
/// coalescing, 401 invalidation, removal.
/// </summary>
public sealed class ExecCredentialCacheTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cg-exec-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly TestClusterRegistry _registry = new();
    private readonly ExecCredentialCache _cache;

    public ExecCredentialCacheTests()
    {
        Directory.CreateDirectory(_directory);
        _registry.Set(TestClusterRegistry.Valid(TestGateways.Token("c1")));
        _cache = new ExecCredentialCache(new ExecPluginRunner(new GatewayOptions(), NullLogger<ExecPluginRunner>.Instance),
            _time, _registry, NullLogger<ExecCredentialCache>.Instance);
    }

    public void Dispose()
    {
        _cache.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetAsync_BeforeExpiryMinusOneMinute_ReusesTheCredential()
    {
        var script = PluginScript.Create(_directory, "window").Prints(PluginScript.Token("t", _time.GetUtcNow().AddMinutes(10)));
        var plugin = Plugin("c1", script);

        var first = await _cache.GetAsync(plugin, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(8) + TimeSpan.FromSeconds(59));
        var second = await _cache.GetAsync(plugin, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var third = await _cache.GetAsync(plugin, CancellationToken.None);

        second.Should().BeSameAs(first);
        third.Should().NotBeSameAs(first);
        script.Runs.Should().Be(2);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetAsync_ShortLivedCredential_RenewsAtHalfItsLifetime()
    {
        var script = PluginScript.Create(_directory, "short").Prints(PluginScript.Token("t", _time.GetUtcNow().AddSeconds(40)));
        var plugin = Plugin("c1", script);

        var first = await _cache.GetAsync(plugin, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(19));
        (await _cache.GetAsync(plugin, CancellationToken.None)).Should().BeSameAs(first);
        _time.Advance(TimeSpan.FromSeconds(1));
        (await _cache.GetAsync(plugin, CancellationToken.None)).Should().NotBeSameAs(first);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetAsync_NoExpiry_KeptUntilInvalidatedBy401()
    {
        var script = PluginScript.Create(_directory, "forever").Prints(PluginScript.Token("t"));
        var plugin = Plugin("c1", script);

        var first = await _cache.GetAsync(plugin, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(365));
        (await _cache.GetAsync(plugin, CancellationToken.None)).Should().BeSameAs(first);
        _cache.Invalidate(plugin, first);
        var renewed = await _cache.GetAsync(plugin, CancellationToken.None);
        _cache.Invalidate(plugin, first);

        renewed.Should().NotBeSameAs(first);
        (await _cache.GetAsync(plugin, CancellationToken.None)).Should().BeSameAs(renewed,
            "a 401 to an older credential does not drop the newer one");
        script.Runs.Should().Be(2);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetAsync_ConcurrentCallers_ShareOneRun()
    {
        var gate = Path.Combine(_directory, "gate");
        var script = PluginScript.Create(_directory, "gated", $"while [ ! -f '{gate}' ]; do sleep 0.05; done")
            .Prints(PluginScript.Token("t"));
        var plugin = Plugin("c1", script);

        var callers = Enumerable.Range(0, 10).Select(_ => _cache.GetAsync(plugin, CancellationToken.None)).ToList();
        await File.WriteAllTextAsync(gate, "");
        var credentials = await Task.WhenAll(callers).WaitAsync(TestTimeouts.Default, "the callers");

        credentials.Distinct().Should().ContainSingle();
        script.Runs.Should().Be(1);
    }

    [Fact(Timeout = 30_000)]
    public async Task GetAsync_Failure_IsNotCached()
    {
        var script = PluginScript.Create(_directory, "flaky").Prints(PluginScript.Token("t"));
        File.WriteAllText(Path.Combine(script.Directory, "out-1.json"), "not json");
        var plugin = Plugin("c1", script);

        var failing = () => _cache.GetAsync(plugin, CancellationToken.None);

        (await failing.Should().ThrowAsync<ExecCredentialException>()).Which.Message.Should().StartWith("decoding stdout: ");
        (await _cache.GetAsync(plugin, CancellationToken.None)).Token.Should().Be("t");
        script.Runs.Should().Be(2);
    }

    [Fact(Timeout = 30_000)]
    public async Task ClusterRemoved_DropsItsCredential()
    {
        var plugin = Plugin("c1", PluginScript.Create(_directory, "removed").Prints(PluginScript.Token("t")));
        await _cache.GetAsync(plugin, CancellationToken.None);
        _cache.Count.Should().Be(1);

        _registry.Remove("c1");

        _cache.Count.Should().Be(0);
    }

    private static ExecPlugin Plugin(string cluster, PluginScript script) =>
        ExecPlugin.From(cluster, JsonDocument.Parse(script.ExecConfig()).RootElement, endpoint: null);
}
