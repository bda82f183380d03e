using System.Text.Json.Nodes;
using ClusterGateway.AddonManager.Health;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.AddonManager.Tests.Health;

/// <summary>The controller: informer-driven probes, several at once.</summary>
public sealed class AddonHealthControllerTests : IAsyncLifetime
{
    private HealthTestHub _env = null!;

    public async Task InitializeAsync() => _env = await HealthTestHub.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 30_000)]
    public async Task Controller_ProbesInParallelUpToConcurrency_AndANewAddonAtOnce()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Gated(HttpContext context)
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            if (now >= 2)
            {
                release.TrySetResult();
            }

            // Holds the probe until two run at once: with a single worker this never completes (the test times out).
            await release.Task.WaitAsync(context.RequestAborted);
            Interlocked.Decrement(ref inFlight);
            await HealthTestHub.Ok(context);
        }

        foreach (var cluster in new[] { "a", "b", "c" })
        {
            _env.Healthz[cluster] = Gated;
            _env.PutAddon(cluster);
        }

        // A long interval: every probe below comes from the informer, none from a requeue.
        var options = new HealthProbeOptions { Interval = TimeSpan.FromMinutes(10), Concurrency = 2 };
        var reconciler = HealthTestHub.Reconciler(_env, options);
        var controller = AddonHealthReconciler.CreateController(reconciler, _env.Addons, options, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        await _env.StartInformerAsync();
        var run = controller.RunAsync(options.Concurrency, stop.Token);
        try
        {
            foreach (var cluster in new[] { "a", "b", "c" })
            {
                await WaitForAvailableAsync(cluster);
            }

            _env.PutAddon("d");
            await WaitForAvailableAsync("d");

            maxInFlight.Should().Be(2);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    private Task<JsonObject> WaitForAvailableAsync(string cluster) =>
        _env.Hub.Store.WaitForAsync(_env.AddonResource, cluster, "cluster-gateway",
            o => (o["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
                .Any(c => (string?)c["type"] == "Available" && (string?)c["status"] == "True") == true,
            TestTimeouts.Default);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value &&
               Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
