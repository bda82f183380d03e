using System.Net;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>Clusters that answer 410 at once, or send events longer than allowed.</summary>
public sealed class FanOutWatchMisbehavingClusterTests : IAsyncLifetime
{
    private const string Path = "/api/v1/namespaces/default/configmaps";

    private FakeMemberCluster _c1 = null!;

    public async Task InitializeAsync()
    {
        _c1 = await FakeMemberCluster.StartAsync("c1");
        _c1.PutConfigMap("cm-c1", "1");
    }

    public async Task DisposeAsync() => await _c1.DisposeAsync();

    [Fact(Timeout = 30_000)]
    public async Task An_http_410_at_the_start_is_one_error_event_and_the_end_of_the_stream()
    {
        var membership = new TestMembership(_c1);
        membership.Extra.Add(new CannedMember("c2", HttpStatusCode.Gone,
            """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 3 (9)","reason":"Expired","code":410}"""));
        await using var host = await FanOutWatchHost.StartAsync(membership);
        await using var watch = await host.WatchAsync(Path + "?watch=1");

        ((int)watch.Response.StatusCode).Should().Be(200);
        var error = (await watch.NextAsync())!;
        FanOutStream.Type(error).Should().Be("ERROR");
        error["object"]!["kind"]!.GetValue<string>().Should().Be("Status");
        error["object"]!["code"]!.GetValue<int>().Should().Be(410);
        error["object"]!["message"]!.GetValue<string>().Should().Be("cluster c2: too old resource version: 3 (9)");
        (await watch.NextAsync()).Should().BeNull();
    }

    [Fact(Timeout = 30_000)]
    public async Task A_cluster_sending_an_over_long_event_fails_alone_and_is_retried()
    {
        var membership = new TestMembership(_c1);
        var huge = new CannedMember("c2", HttpStatusCode.OK,
            "{\"type\":\"ADDED\",\"object\":{\"data\":\"" + new string('x', 2000) + "\"}}\n");
        membership.Extra.Add(huge);
        await using var host = await FanOutWatchHost.StartAsync(membership,
            FanOutWatchHost.Options with { MaxEventBytes = 1024 });
        await using var watch = await host.WatchAsync(Path + "?watch=1");

        (await watch.ReadChangesAsync(1)).Keys.Should().Equal("c1/cm-c1");
        await host.Logs.WaitForAsync(l => l.Contains("cluster c2 failed: a watch event is longer than 1024 bytes",
            StringComparison.Ordinal)).WaitAsync(TestTimeouts.Short, "c2's failure");
        await host.Logs.WaitForAsync(l => l.Contains("cluster c2 failed", StringComparison.Ordinal) &&
            l.Contains("in 100 ms", StringComparison.Ordinal)).WaitAsync(TestTimeouts.Short, "c2's second failure");

        _c1.PutConfigMap("still-flowing", "1");
        FanOutStream.Name(await watch.NextChangeAsync()).Should().Be("still-flowing");
    }
}
