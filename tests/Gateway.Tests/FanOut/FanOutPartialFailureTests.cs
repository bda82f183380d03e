using System.Net;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>Fan-out with one cluster down (its API server stopped): the others answer, with a Warning naming it.</summary>
public sealed class FanOutPartialFailureTests : IAsyncLifetime
{
    private FanOutEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await FanOutEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 90_000)]
    public async Task OneClusterDown_OthersListedWithWarning_PartialFalse503()
    {
        // Up, c3 is listed: its absence below is the outage.
        var before = await _env.KubectlAsync(null, "get", "configmaps", "-A");
        FanOutKubectlTests.Rows(before.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Values.Should().Contain("c3");

        await _env.StopClusterAsync("c3");

        var result = await _env.KubectlAsync(null, "get", "configmaps", "-A");
        result.ExitCode.Should().Be(0, result.StdErr);
        FanOutKubectlTests.Rows(result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Keys.Should()
            .BeEquivalentTo(["c1-cm1", "c1-cm2", "c2-cm1", "c2-cm2"]);
        result.StdErr.Should().Contain("Warning: cluster c3: cluster c3 is unreachable");

        using var client = _env.Client();
        using var json = await client.GetAsync(FanOutEnvironment.FanOutPath + "/api/v1/configmaps");
        json.StatusCode.Should().Be(HttpStatusCode.OK);
        json.Headers.GetValues("Warning").Should().ContainSingle().Which.Should().StartWith("299 - \"cluster c3: ");
        var metadata = JsonNode.Parse(await json.Content.ReadAsStringAsync())!["metadata"]!;
        metadata["missingClusters"]!.AsArray().Select(n => (string?)n).Should().Equal("c3");

        using var strict = await client.GetAsync(FanOutEnvironment.FanOutPath + "/api/v1/configmaps?partial=false");
        strict.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        ((string?)JsonNode.Parse(await strict.Content.ReadAsStringAsync())!["message"]).Should().Contain("cluster c3:");

        using var prodOnly = await client.GetAsync(FanOutEnvironment.FanOutPath + "/api/v1/configmaps?partial=false&clusterSelector=env%3Dprod");
        prodOnly.StatusCode.Should().Be(HttpStatusCode.OK, "c3 is not selected");
    }

    [Fact(Timeout = 90_000)]
    public async Task EveryClusterDown_503NotAnEmptyList()
    {
        foreach (var cluster in _env.Clusters.Keys)
        {
            await _env.StopClusterAsync(cluster);
        }

        using var client = _env.Client();
        using var response = await client.GetAsync(FanOutEnvironment.FanOutPath + "/api/v1/configmaps");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var message = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"];
        message.Should().Contain("cluster c1:").And.Contain("cluster c2:").And.Contain("cluster c3:");
    }
}
