using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Health;
using ClusterGateway.Gateway.Tests.Ocm;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using Xunit.Abstractions;

namespace ClusterGateway.Gateway.Tests.Health;

/// <summary>
/// Health writes on OCM-merged clusters over real HTTP (<c>--ocm-integration</c>, as the addon-manager deploys the
/// gateway). <c>m1</c> is a Secret with <c>endpoint</c>, <c>m2</c> an upstream-style Secret whose endpoint comes from
/// its ManagedCluster; both ManagedClusters were written after the Secrets (so their resourceVersions are higher) and
/// report Available=True. <c>stale</c> and <c>timeless</c> carry an old and an undated unhealthy result.
/// </summary>
public sealed class OcmHealthWriteTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Group = "apis/cluster.core.oam.dev/v1alpha1/clustergateways/";

    /// <summary>The acceptance bound for answering a health write.</summary>
    private static readonly TimeSpan WriteBound = TimeSpan.FromSeconds(1);

    private HubEnvironment _env = null!;

    public async Task InitializeAsync()
    {
        _env = await HubEnvironment.StartAsync(
            env =>
            [
                env.TokenSecret("m1", HubEnvironment.ClusterBToken),
                HubEnvironment.Secret("m2", "ServiceAccountToken", new() { ["token"] = HubEnvironment.ClusterBToken }),
                Annotated(HubEnvironment.Secret("stale", "ServiceAccountToken", new() { ["token"] = "t" }),
                    ProbeFreshness.Format(DateTimeOffset.UtcNow.AddDays(-1))),
                Annotated(HubEnvironment.Secret("timeless", "ServiceAccountToken", new() { ["token"] = "t" }), null),
                .. new[] { "m1", "m2", "stale", "timeless" }.Select(n =>
                    OcmObjects.ManagedCluster(n, env.ClusterB.Url.ToString(), env.ClusterB.CaPem)),
            ],
            hub => hub.Store = OcmObjects.StoreWithCrd(),
            options => options with { OcmIntegration = true, OcmDiscoveryInterval = TimeSpan.FromMilliseconds(200) });
    }

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Theory(Timeout = 60_000)]
    [InlineData("m1")]
    [InlineData("m2")]
    public async Task Put_ResourceVersionOfTheMergedObject_Succeeds_AndAnswersWhatTheNextGetShows(string name)
    {
        var get = await Kubectl.RunAsync(_env.Kubeconfig, ["get", "clustergateway", name, "-o", "json"],
            timeout: TestTimeouts.Default);
        get.ExitCode.Should().Be(0, get.StdErr);
        var gateway = JsonNode.Parse(get.StdOut)!.AsObject();
        // The case that used to fail: the ManagedCluster is newer than the Secret, and the object's resourceVersion
        // (this gateway process's own, with OCM integration) is not the Secret's.
        Number(ManagedCluster(name)["metadata"]!["resourceVersion"])
            .Should().BeGreaterThan(Number(Secret(name)["metadata"]!["resourceVersion"]));
        Number(gateway["metadata"]!["resourceVersion"])
            .Should().NotBe(Number(Secret(name)["metadata"]!["resourceVersion"]));
        gateway["status"] = new JsonObject { ["healthy"] = false, ["healthyReason"] = "ProbeFailed" };
        var body = Path.Combine(_env.Directory, "health.json");
        await File.WriteAllTextAsync(body, gateway.ToJsonString());

        var put = await Kubectl.RunAsync(_env.Kubeconfig, ["replace", "--raw", "/" + Group + name + "/health", "-f", body],
            timeout: TestTimeouts.Default);

        put.ExitCode.Should().Be(0, put.StdErr);
        var answer = JsonNode.Parse(put.StdOut)!;
        using var client = _env.CreateGatewayClient();
        var next = JsonNode.Parse(await client.GetStringAsync(Group + name))!;
        JsonNode.DeepEquals(answer, next).Should().BeTrue($"the answer {answer.ToJsonString()} is what GET shows: {next.ToJsonString()}");
        // The probe result outranks the ManagedCluster's Available=True.
        ((bool?)answer["status"]!["healthy"]).Should().BeFalse();
        ((string?)answer["status"]!["healthyReason"]).Should().Be("ProbeFailed");
        var annotations = Secret(name)["metadata"]!["annotations"]!;
        ((string?)annotations["status.cluster.core.oam.dev/healthy"]).Should().Be("false");
        ((string?)annotations["status.cluster.core.oam.dev/healthy-time"]).Should().NotBeNullOrEmpty();
    }

    [Theory(Timeout = 60_000)]
    [InlineData("m1")]
    [InlineData("m2")]
    public async Task MergePatch_AnsweredWithinOneSecond_WithWhatTheNextGetShows(string name)
    {
        using var client = _env.CreateGatewayClient();
        // The connection is set up outside the measurement.
        (await client.GetAsync(Group + name)).EnsureSuccessStatusCode();

        foreach (var healthy in new[] { false, true, false })
        {
            var watch = Stopwatch.StartNew();
            var patch = new JsonObject { ["status"] = new JsonObject { ["healthy"] = healthy } }.ToJsonString();
            using var response = await Send(client, HttpMethod.Patch, name, patch, "application/merge-patch+json");
            var answerText = await response.Content.ReadAsStringAsync();
            watch.Stop();

            output.WriteLine($"healthy={healthy}: answered in {watch.Elapsed.TotalMilliseconds:F0} ms");
            response.StatusCode.Should().Be(HttpStatusCode.OK, answerText);
            watch.Elapsed.Should().BeLessThan(WriteBound);
            var answer = JsonNode.Parse(answerText)!;
            var next = JsonNode.Parse(await client.GetStringAsync(Group + name))!;
            JsonNode.DeepEquals(answer, next).Should().BeTrue($"the answer {answerText} is what GET shows: {next.ToJsonString()}");
            ((bool?)answer["status"]!["healthy"]).Should().Be(healthy);
        }

        _env.Logs.Lines.Should().NotContain(l => l.Contains("answered from the written Secret", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task FreshProbeResult_OutranksAnUnavailableManagedCluster()
    {
        _env.Hub.Store.Put(OcmObjects.ManagedCluster("m1", _env.ClusterB.Url.ToString(), _env.ClusterB.CaPem,
            available: "False", reason: "ManagedClusterLeaseUpdateStopped"));
        // Without a probe result the condition applies.
        await _env.WaitForRegistryAsync(r => r.Snapshot["m1"].Gateway?.Status.HealthyReason == "ManagedClusterLeaseUpdateStopped",
            "the ManagedCluster condition to apply");
        using var client = _env.CreateGatewayClient();

        using var response = await Send(client, HttpMethod.Patch, "m1", """{"status":{"healthy":true,"healthyReason":null}}""",
            "application/merge-patch+json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((bool?)answer["status"]!["healthy"]).Should().BeTrue();
        var next = JsonNode.Parse(await client.GetStringAsync(Group + "m1"))!;
        JsonNode.DeepEquals(answer, next).Should().BeTrue();
        var table = await Kubectl.RunAsync(_env.Kubeconfig, ["get", "clustergateway", "m1", "--no-headers"],
            timeout: TestTimeouts.Default);
        table.StdOut.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1].Trim().Should().Be("true");
    }

    [Theory(Timeout = 60_000)]
    [InlineData("stale")]
    [InlineData("timeless")]
    public async Task StaleOrUndatedProbeResult_TheManagedClusterConditionApplies(string name)
    {
        using var client = _env.CreateGatewayClient();

        var gateway = JsonNode.Parse(await client.GetStringAsync(Group + name))!;

        ((string?)Secret(name)["metadata"]!["annotations"]!["status.cluster.core.oam.dev/healthy"]).Should().Be("false");
        ((bool?)gateway["status"]!["healthy"]).Should().BeTrue();
    }

    [Fact(Timeout = 60_000)]
    public async Task Write_StaleResourceVersion_Is409AndChangesNothing()
    {
        using var client = _env.CreateGatewayClient();
        var read = JsonNode.Parse(await client.GetStringAsync(Group + "m1"))!;
        (await Send(client, HttpMethod.Patch, "m1", """{"status":{"healthy":false}}""", "application/merge-patch+json"))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var before = Secret("m1").ToJsonString();
        read["status"] = new JsonObject { ["healthy"] = true };

        using var response = await Send(client, HttpMethod.Put, "m1", read.ToJsonString());

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).Should().Contain("the object has been modified");
        // A resourceVersion a merge patch sets is a precondition too.
        var stalePatch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = read["metadata"]!["resourceVersion"]!.DeepClone() },
            ["status"] = new JsonObject { ["healthy"] = true },
        };
        using var patched = await Send(client, HttpMethod.Patch, "m1", stalePatch.ToJsonString(), "application/merge-patch+json");
        patched.StatusCode.Should().Be(HttpStatusCode.Conflict);
        Secret("m1").ToJsonString().Should().Be(before);
        ((bool?)JsonNode.Parse(await client.GetStringAsync(Group + "m1"))!["status"]!["healthy"]).Should().BeFalse();
    }

    private JsonObject Secret(string name) =>
        _env.Hub.Store.Get(FakeResource.Secrets, HubEnvironment.SecretNamespace, name)!;

    private JsonObject ManagedCluster(string name) => _env.Hub.Store.Get(OcmObjects.ManagedClusters, null, name)!;

    private static long Number(JsonNode? resourceVersion) =>
        long.Parse((string)resourceVersion!, CultureInfo.InvariantCulture);

    private static JsonObject Annotated(JsonObject secret, string? probedAt)
    {
        var annotations = new JsonObject
        {
            ["status.cluster.core.oam.dev/healthy"] = "false",
            ["status.cluster.core.oam.dev/healthy-reason"] = "ProbeFailed",
        };
        if (probedAt is not null)
        {
            annotations["status.cluster.core.oam.dev/healthy-time"] = probedAt;
        }

        secret["metadata"]!["annotations"] = annotations;
        return secret;
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string cluster, string body,
        string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, Group + cluster + "/health")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        return await client.SendAsync(request);
    }
}
