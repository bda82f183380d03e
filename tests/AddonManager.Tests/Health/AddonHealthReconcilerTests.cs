using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Health;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Health;

/// <summary>Reconcile of one cluster against a fake hub that plays the aggregated ClusterGateway API.</summary>
public sealed class AddonHealthReconcilerTests : IAsyncLifetime
{
    private HealthTestHub _env = null!;

    public async Task InitializeAsync() => _env = await HealthTestHub.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_HealthyCluster_SetsAvailableTrueKeepsOtherStatusAndRequeuesWithJitter()
    {
        _env.GatewayStatus["a"] = new JsonObject { ["healthy"] = false, ["healthyReason"] = "old" };
        _env.PutAddon("a", new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "ManifestApplied", ["status"] = "True", ["reason"] = "Applied", ["message"] = "by OCM",
                ["lastTransitionTime"] = "2024-01-01T00:00:00Z",
            }),
            ["registrations"] = new JsonArray(new JsonObject { ["signerName"] = "x/y" }),
            ["addOnMeta"] = new JsonObject { ["displayName"] = "cluster-gateway" },
        });
        await _env.StartInformerAsync();
        var options = new HealthProbeOptions { Interval = TimeSpan.FromSeconds(30), JitterFactor = 0.2 };

        var result = await HealthTestHub.Reconciler(_env, options).ReconcileAsync("a", CancellationToken.None);

        var status = _env.GetAddon("a")!["status"]!;
        ((string?)status["healthCheck"]!["mode"]).Should().Be("Customized");
        var available = Condition(status, "Available");
        ((string?)available["status"]).Should().Be("True");
        ((string?)available["reason"]).Should().Be("SuccessfullyProbedHealthz");
        ((string?)available["message"]).Should().Be("Returned OK");
        ((string?)Condition(status, "ManifestApplied")["message"]).Should().Be("by OCM");
        ((string?)status["registrations"]![0]!["signerName"]).Should().Be("x/y");
        ((string?)status["addOnMeta"]!["displayName"]).Should().Be("cluster-gateway");
        ((bool?)_env.GatewayStatus["a"]["healthy"]).Should().BeTrue();
        ((string?)_env.GatewayStatus["a"]["healthyReason"]).Should().BeEmpty();
        result.RequeueAfterDelay.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(30))
            .And.BeLessThan(TimeSpan.FromSeconds(36));
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_GatewayAnswers503_SetsAvailableFalseWithTheStatusMessage()
    {
        const string Message = "cluster b is unreachable: Connection refused (127.0.0.1:1)";
        _env.GatewayStatus["b"] = new JsonObject { ["healthy"] = true };
        _env.Healthz["b"] = context => HealthTestHub.Status(context, 503, "ServiceUnavailable", Message);
        _env.PutAddon("b");
        await _env.StartInformerAsync();

        await HealthTestHub.Reconciler(_env).ReconcileAsync("b", CancellationToken.None);

        var available = Condition(_env.GetAddon("b")!["status"]!, "Available");
        ((string?)available["status"]).Should().Be("False");
        ((string?)available["reason"]).Should().Be("FailedProbingHealthz");
        ((string?)available["message"]).Should().Be(Message);
        ((bool?)_env.GatewayStatus["b"]["healthy"]).Should().BeFalse();
        ((string?)_env.GatewayStatus["b"]["healthyReason"]).Should().Be(Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_ProbeHangsPastTheTimeout_SetsAvailableFalseTimedOut()
    {
        _env.Healthz["c"] = context => Task.Delay(Timeout.Infinite, context.RequestAborted);
        _env.PutAddon("c");
        await _env.StartInformerAsync();

        await HealthTestHub.Reconciler(_env, new HealthProbeOptions { Timeout = TimeSpan.FromMilliseconds(300) })
            .ReconcileAsync("c", CancellationToken.None).WaitAsync(TestTimeouts.Default, "the reconcile");

        var available = Condition(_env.GetAddon("c")!["status"]!, "Available");
        ((string?)available["status"]).Should().Be("False");
        ((string?)available["message"]).Should().Be("healthz probe timed out after 300ms");
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_UnexpectedBody_SetsAvailableFalseNamingTheBody()
    {
        _env.Healthz["d"] = context => HealthTestHub.Text(context, 200, "[-]etcd failed\nhealthz check failed");
        _env.PutAddon("d");
        await _env.StartInformerAsync();

        await HealthTestHub.Reconciler(_env).ReconcileAsync("d", CancellationToken.None);

        ((string?)Condition(_env.GetAddon("d")!["status"]!, "Available")["message"])
            .Should().Be("healthz returned: [-]etcd failed\nhealthz check failed");
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_NothingChanged_WritesNeitherStatusNorHealth()
    {
        _env.GatewayStatus["a"] = new JsonObject { ["healthy"] = false };
        _env.PutAddon("a");
        await _env.StartInformerAsync();
        var reconciler = HealthTestHub.Reconciler(_env);
        await reconciler.ReconcileAsync("a", CancellationToken.None);
        var written = _env.GetAddon("a")!;
        await _env.WaitForCachedAsync("a", a => a.Metadata.ResourceVersion == (string?)written["metadata"]!["resourceVersion"],
            "the informer to see the status write");
        var statusWrites = _env.Count("PATCH", "/managedclusteraddons/cluster-gateway/status");
        var healthWrites = _env.Count("PATCH", "/clustergateways/a/health");
        statusWrites.Should().Be(1);
        healthWrites.Should().Be(1);

        await reconciler.ReconcileAsync("a", CancellationToken.None);

        _env.Count("GET", "/clustergateways/a/proxy/healthz").Should().Be(2);
        _env.Count("PATCH", "/managedclusteraddons/cluster-gateway/status").Should().Be(statusWrites);
        _env.Count("PATCH", "/clustergateways/a/health").Should().Be(healthWrites);
        _env.GetAddon("a")!["metadata"]!["resourceVersion"]!.ToJsonString()
            .Should().Be(written["metadata"]!["resourceVersion"]!.ToJsonString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_UnchangedResult_WrittenFirstAndAgainOnceOneAndAHalfIntervalsOld()
    {
        // The gateway already shows the result, but this manager never wrote it: its freshness is unknown.
        _env.GatewayStatus["a"] = new JsonObject { ["healthy"] = true, ["healthyReason"] = "" };
        _env.PutAddon("a");
        await _env.StartInformerAsync();
        var clock = new TestClock();
        var options = new HealthProbeOptions { Interval = TimeSpan.FromSeconds(30) };
        var reconciler = HealthTestHub.Reconciler(_env, options, clock);

        await reconciler.ReconcileAsync("a", CancellationToken.None);
        _env.Count("PATCH", "/clustergateways/a/health").Should().Be(1);
        var written = _env.GetAddon("a")!;
        await _env.WaitForCachedAsync("a", a => a.Metadata.ResourceVersion == (string?)written["metadata"]!["resourceVersion"],
            "the informer to see the status write");

        clock.Advance(options.RefreshAfter - TimeSpan.FromSeconds(1));
        await reconciler.ReconcileAsync("a", CancellationToken.None);
        _env.Count("PATCH", "/clustergateways/a/health").Should().Be(1);

        clock.Advance(TimeSpan.FromSeconds(1));
        await reconciler.ReconcileAsync("a", CancellationToken.None);
        _env.Count("PATCH", "/clustergateways/a/health").Should().Be(2);
        _env.Count("GET", "/clustergateways/a/proxy/healthz").Should().Be(3);
        options.RefreshAfter.Should().Be(TimeSpan.FromSeconds(45));
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_NoClusterGateway_SkipsTheHealthWriteButWritesTheAddon()
    {
        _env.PutAddon("e");
        await _env.StartInformerAsync();

        await HealthTestHub.Reconciler(_env).ReconcileAsync("e", CancellationToken.None);

        _env.Count("GET", "/clustergateways/e").Should().Be(1);
        _env.Count("PATCH", "/clustergateways/e/health").Should().Be(0);
        ((string?)Condition(_env.GetAddon("e")!["status"]!, "Available")["status"]).Should().Be("True");
    }

    [Theory(Timeout = 30_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reconcile_AddonAbsentOrDeleting_IsDoneWithoutProbing(bool deleting)
    {
        if (deleting)
        {
            _env.PutAddon("f", deleting: true);
        }

        await _env.StartInformerAsync();

        var result = await HealthTestHub.Reconciler(_env).ReconcileAsync("f", CancellationToken.None);

        result.RequeueAfterDelay.Should().Be(TimeSpan.Zero);
        _env.Count("GET", "/clustergateways/f/proxy/healthz").Should().Be(0);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_StaleCache_PatchCarriesResourceVersionAndFailsWithConflict()
    {
        _env.PutAddon("g");
        await _env.StartInformerAsync();
        // The informer's copy is now older than the stored addon, as when OCM wrote the status a moment ago.
        _env.Healthz["g"] = async context =>
        {
            var current = _env.GetAddon("g")!;
            current["status"] = new JsonObject { ["conditions"] = new JsonArray() };
            _env.Hub.Store.Put(_env.AddonResource, current);
            await HealthTestHub.Ok(context);
        };

        var act = () => HealthTestHub.Reconciler(_env).ReconcileAsync("g", CancellationToken.None);

        (await act.Should().ThrowAsync<Kube.Client.KubeApiException>()).Which.IsConflict.Should().BeTrue();
        _env.GetAddon("g")!["status"]!["conditions"]!.AsArray().Should().BeEmpty();
    }

    private static JsonObject Condition(JsonNode status, string type) =>
        status["conditions"]!.AsArray().OfType<JsonObject>().Single(c => (string?)c["type"] == type);
}
