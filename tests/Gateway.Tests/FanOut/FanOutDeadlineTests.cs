using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary><c>--fanout-cluster-timeout</c>: a cluster that does not answer is left out when its deadline passes.</summary>
public sealed class FanOutDeadlineTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _hung = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FanOutEnvironment _env = null!;
    private volatile bool _hang;

    public async Task InitializeAsync() => _env = await FanOutEnvironment.StartAsync(
        o => o with { FanoutClusterTimeout = TimeSpan.FromSeconds(1) },
        configureCluster: (name, options) =>
        {
            if (name == "c3")
            {
                options.Intercept = async context =>
                {
                    if (_hang && context.Request.Path.StartsWithSegments("/api/v1/configmaps"))
                    {
                        _hung.TrySetResult();
                        await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    }

                    return false;
                };
            }
        });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task HangingCluster_LeftOutAfterTheDeadline_WithAWarning()
    {
        using var client = _env.Client();
        using (var before = await client.GetAsync(FanOutEnvironment.FanOutPath + "/api/v1/configmaps"))
        {
            JsonNode.Parse(await before.Content.ReadAsStringAsync())!["items"]!.AsArray().Should().HaveCount(6, "c3 answers while it does not hang");
        }

        _hang = true;
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(FanOutEnvironment.FanOutPath + "/api/v1/configmaps");
        watch.Stop();

        _hung.Task.IsCompleted.Should().BeTrue("c3 received the list and held it");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray().Should().HaveCount(4);
        response.Headers.GetValues("Warning").Should().ContainSingle()
            .Which.Should().Contain("cluster c3: no complete answer within 1s (--fanout-cluster-timeout)");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }
}
