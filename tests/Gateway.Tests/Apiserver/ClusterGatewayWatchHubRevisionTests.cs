using static ClusterGateway.Gateway.Tests.Apiserver.WatchStream;

namespace ClusterGateway.Gateway.Tests.Apiserver;

/// <summary>Watches over a registry with hub revisions: resourceVersions ahead of this replica and relists.</summary>
public sealed class ClusterGatewayWatchHubRevisionTests(HubApiTestServer server) : IClassFixture<HubApiTestServer>
{
    private const string Path = ApiTestServer.ResourcePath;

    private TestClusterRegistry Registry => server.Registry;

    [Fact(Timeout = 30_000)]
    public async Task Watch_ResourceVersionAhead_WaitsForItThenStreams()
    {
        Registry.Set();
        var ahead = Registry.State.Revision + 100;
        await using var watch = await OpenAsync(server, $"{Path}?watch=true&resourceVersion={ahead}");

        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("skipped")), revision: ahead);
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("seen")), revision: ahead + 1);

        var seen = (await watch.NextAsync())!;
        Describe(seen).Should().Be("ADDED seen");
        ResourceVersion(seen).Should().Be($"{ahead + 1}");
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_ResourceVersionNeverReached_EndsWithTooLargeError()
    {
        Registry.Set();
        var ahead = Registry.State.Revision + 1000;
        await using var watch = await OpenAsync(server, $"{Path}?watch=true&resourceVersion={ahead}");

        var error = (await watch.NextAsync())!;

        Type(error).Should().Be("ERROR");
        error["object"]!["code"]!.GetValue<int>().Should().Be(504);
        error["object"]!["details"]!["causes"]![0]!["reason"]!.GetValue<string>().Should().Be("ResourceVersionTooLarge");
        (await watch.NextAsync()).Should().BeNull();
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_Relist_EndsOpenWatchesWithExpiredAndRefusesResumesFromBeforeIt()
    {
        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("a")));
        var listed = Registry.State.Revision;
        await using var watch = await OpenAsync(server, $"{Path}?watch=true&resourceVersion={listed}");
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("b")), revision: listed + 5);
        var seen = (await watch.NextAsync())!;

        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("b")), TestClusterRegistry.Valid(TestGateways.Token("c")));

        var error = (await watch.NextAsync())!;
        Type(error).Should().Be("ERROR");
        error["object"]!["code"]!.GetValue<int>().Should().Be(410);
        error["object"]!["reason"]!.GetValue<string>().Should().Be("Expired");
        (await watch.NextAsync()).Should().BeNull();
        await using var resumed = await OpenAsync(server, $"{Path}?watch=true&resourceVersion={ResourceVersion(seen)}");
        var refused = (await resumed.NextAsync())!;
        Type(refused).Should().Be("ERROR");
        refused["object"]!["code"]!.GetValue<int>().Should().Be(410);
    }
}
