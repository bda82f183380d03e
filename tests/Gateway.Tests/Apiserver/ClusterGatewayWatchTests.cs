using System.Globalization;
using System.Text.Json.Nodes;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Clusters;
using static ClusterGateway.Gateway.Tests.Apiserver.WatchStream;

namespace ClusterGateway.Gateway.Tests.Apiserver;

public sealed class ClusterGatewayWatchTests(ApiTestServer server) : IClassFixture<ApiTestServer>
{
    private const string Path = ApiTestServer.ResourcePath;

    private TestClusterRegistry Registry => server.Registry;

    private static V1Alpha1ClusterGateway Labelled(string name, string env)
    {
        var gateway = TestGateways.Token(name);
        gateway.Metadata.Labels = new() { ["env"] = env };
        return gateway;
    }

    [Theory(Timeout = 30_000)]
    [InlineData("watch=true")]
    [InlineData("watch=1")]
    [InlineData("watch=True&resourceVersion=0")]
    public async Task Watch_FromNow_StreamsInitialAddedThenAddModifyDelete(string query)
    {
        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("a")), TestClusterRegistry.Invalid("broken", "boom"));
        await using var watch = await OpenAsync(server, $"{Path}?{query}");

        watch.Response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        watch.Response.Headers.TransferEncodingChunked.Should().BeTrue();
        Describe((await watch.NextAsync())!).Should().Be("ADDED a");
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("b")));
        Describe((await watch.NextAsync())!).Should().Be("ADDED b");
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("a", healthy: false)));
        var modified = (await watch.NextAsync())!;
        Describe(modified).Should().Be("MODIFIED a");
        modified["object"]!["status"]!["healthy"]!.GetValue<bool>().Should().BeFalse();
        Registry.Remove("b");
        var deleted = (await watch.NextAsync())!;
        Describe(deleted).Should().Be("DELETED b");
        ResourceVersion(deleted).Should().Be(Registry.State.Revision.ToString(CultureInfo.InvariantCulture));
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_EntryTurnsInvalidAndValidAgain_IsDeletedThenAdded()
    {
        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("a")));
        await using var watch = await OpenAsync(server, $"{Path}?watch=true");
        Describe((await watch.NextAsync())!).Should().Be("ADDED a");

        Registry.Upsert(TestClusterRegistry.Invalid("a", "token rotated away"));
        Describe((await watch.NextAsync())!).Should().Be("DELETED a");
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("a")));
        Describe((await watch.NextAsync())!).Should().Be("ADDED a");
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_ResumeFromListResourceVersion_ReplaysOnlyLaterChanges()
    {
        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("a")), TestClusterRegistry.Valid(TestGateways.Token("b")));
        var listed = (await server.GetJsonAsync(Path)).Body["metadata"]!["resourceVersion"]!.GetValue<string>();
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("c")));
        Registry.Remove("a");

        await using var watch = await OpenAsync(server, $"{Path}?watch=true&resourceVersion={listed}");

        Describe((await watch.NextAsync())!).Should().Be("ADDED c");
        Describe((await watch.NextAsync())!).Should().Be("DELETED a");
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("b", healthy: false)));
        Describe((await watch.NextAsync())!).Should().Be("MODIFIED b");
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_ResourceVersionOlderThanHistory_SendsExpiredErrorAndEnds()
    {
        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("a")));
        var old = Registry.State.Revision;
        for (var i = 0; i < 10; i++)
        {
            Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("a", healthy: i % 2 == 0)));
        }

        await using var watch = await OpenAsync(server, $"{Path}?watch=true&resourceVersion={old}");

        watch.Response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        var error = (await watch.NextAsync())!;
        Type(error).Should().Be("ERROR");
        error["object"]!["kind"]!.GetValue<string>().Should().Be("Status");
        error["object"]!["code"]!.GetValue<int>().Should().Be(410);
        error["object"]!["reason"]!.GetValue<string>().Should().Be("Expired");
        error["object"]!["message"]!.GetValue<string>().Should().StartWith($"too old resource version: {old} (");
        (await watch.NextAsync()).Should().BeNull();
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_AllowWatchBookmarks_SendsBookmarksAtTheLatestRevision()
    {
        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("a")));
        await using var watch = await OpenAsync(server, $"{Path}?watch=true&allowWatchBookmarks=true");
        Describe((await watch.NextChangeAsync())!).Should().Be("ADDED a");
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("z")));
        Describe((await watch.NextChangeAsync())!).Should().Be("ADDED z");

        var bookmark = (await watch.NextAsync())!;

        Type(bookmark).Should().Be("BOOKMARK");
        bookmark["object"]!.ToJsonString().Should().Be(
            $$$"""{"kind":"ClusterGateway","apiVersion":"cluster.core.oam.dev/v1alpha1","metadata":{"resourceVersion":"{{{Registry.State.Revision}}}"}}""");
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_NoBookmarksRequested_SendsNone()
    {
        Registry.Set();
        await using var watch = await OpenAsync(server, $"{Path}?watch=true&timeoutSeconds=1");

        (await watch.NextAsync()).Should().BeNull("the watch ends after 1 s without any event, bookmarks included");
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_SendInitialEvents_EndsInitialEventsWithAnnotatedBookmark()
    {
        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("a")), TestClusterRegistry.Valid(TestGateways.Token("b")));
        var revision = Registry.State.Revision;

        await using var watch = await OpenAsync(server,
            $"{Path}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");

        Describe((await watch.NextAsync())!).Should().Be("ADDED a");
        Describe((await watch.NextAsync())!).Should().Be("ADDED b");
        var end = (await watch.NextAsync())!;
        Type(end).Should().Be("BOOKMARK");
        end["object"]!["metadata"]!.ToJsonString().Should().Be(
            $$$"""{"resourceVersion":"{{{revision}}}","annotations":{"k8s.io/initial-events-end":"true"}}""");
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_TimeoutSeconds_EndsTheStream()
    {
        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("a")));
        await using var watch = await OpenAsync(server, $"{Path}?watch=true&timeoutSeconds=1");

        Describe((await watch.NextAsync())!).Should().Be("ADDED a");
        (await watch.NextAsync()).Should().BeNull();
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_TimeoutSecondsBeyondAnyTimer_ClampedAndStreams()
    {
        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("a")));
        await using var watch = await OpenAsync(server, $"{Path}?watch=true&timeoutSeconds=9999999&limit=500");

        watch.Response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        Describe((await watch.NextAsync())!).Should().Be("ADDED a");
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("b")));
        Describe((await watch.NextAsync())!).Should().Be("ADDED b");
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_TableAccept_EventsAreOneRowTablesWithColumnsOnlyInTheFirst()
    {
        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("a")));
        await using var watch = await OpenAsync(server, $"{Path}?watch=true", ApiTestServer.KubectlTableAccept);

        var first = (await watch.NextAsync())!;
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.ProxyWithoutCredential("p")));
        var second = (await watch.NextAsync())!;

        first["object"]!["kind"]!.GetValue<string>().Should().Be("Table");
        first["object"]!["columnDefinitions"]!.AsArray().Should().HaveCount(5);
        first["object"]!["rows"]!.AsArray().Single()!["cells"]![0]!.GetValue<string>().Should().Be("a");
        Type(second).Should().Be("ADDED");
        second["object"]!.AsObject().ContainsKey("columnDefinitions").Should().BeFalse();
        second["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>().Should()
            .Be(Registry.Snapshot["p"].Revision.ToString(CultureInfo.InvariantCulture));
        second["object"]!["rows"]![0]!["cells"]!.AsArray().Select(c => c!.GetValue<string>()).Should()
            .Equal("p", "", "<none>", "ClusterProxy", "false");
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_LabelSelector_RelabelledOutIsDeletedAndInIsAdded()
    {
        Registry.Set(TestClusterRegistry.Valid(Labelled("a", "prod")), TestClusterRegistry.Valid(Labelled("b", "dev")));
        await using var watch = await OpenAsync(server, $"{Path}?watch=true&labelSelector=env%3Dprod");
        Describe((await watch.NextAsync())!).Should().Be("ADDED a");

        Registry.Upsert(TestClusterRegistry.Valid(Labelled("a", "dev")));
        Describe((await watch.NextAsync())!).Should().Be("DELETED a");
        Registry.Upsert(TestClusterRegistry.Valid(Labelled("b", "prod")));
        Describe((await watch.NextAsync())!).Should().Be("ADDED b");
    }

    [Theory(Timeout = 30_000)]
    [InlineData(Path + "?watch=true&fieldSelector=metadata.name%3Dtarget")]
    [InlineData("/apis/cluster.core.oam.dev/v1alpha1/watch/clustergateways/target")]
    public async Task Watch_SingleObject_SeesOnlyThatCluster(string path)
    {
        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("other")), TestClusterRegistry.Valid(TestGateways.Token("target")));
        await using var watch = await OpenAsync(server, path);
        Describe((await watch.NextAsync())!).Should().Be("ADDED target");

        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("other", healthy: false)));
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("target", healthy: false)));

        Describe((await watch.NextAsync())!).Should().Be("MODIFIED target");
    }

    [Fact(Timeout = 120_000)]
    public async Task Watch_OneReloadChangingTenThousandClusters_DeliversEveryChangeWithItsOwnResourceVersion()
    {
        const int Count = 10_000;
        Registry.Set([.. Clusters(Count, healthy: true)]);
        var listed = Registry.State.Revision;
        await using var watch = await OpenAsync(server, $"{Path}?watch=true&resourceVersion={listed}");

        Registry.Set([.. Clusters(Count, healthy: false)]);

        var events = await watch.ReadAsync(Count);
        events.Select(Type).Should().AllBe("MODIFIED");
        events.Select(Name).Should().OnlyHaveUniqueItems();
        var versions = events.Select(e => long.Parse(ResourceVersion(e), CultureInfo.InvariantCulture)).ToList();
        versions.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        versions[0].Should().BeGreaterThan(listed);
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("later")));
        Describe((await watch.NextAsync())!).Should().Be("ADDED later", "the watch goes on after the batch");
    }

    [Fact(Timeout = 120_000)]
    public async Task Watch_ResumedInsideABigReload_ReplaysExactlyTheRest()
    {
        const int Count = 10_000;
        Registry.Set([.. Clusters(Count, healthy: true)]);
        var listed = Registry.State.Revision;
        List<JsonObject> first;
        await using (var watch = await OpenAsync(server, $"{Path}?watch=true&resourceVersion={listed}"))
        {
            Registry.Set([.. Clusters(Count, healthy: false)]);
            first = await watch.ReadAsync(4_300);
        }

        await using var resumed = await OpenAsync(server, $"{Path}?watch=true&resourceVersion={ResourceVersion(first[^1])}");
        var rest = await resumed.ReadAsync(Count - first.Count);

        first.Concat(rest).Select(Name).Should().Equal(Clusters(Count, healthy: false).Select(e => e.Name));
        rest.Select(Type).Should().AllBe("MODIFIED");
        Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("later")));
        Describe((await resumed.NextAsync())!).Should().Be("ADDED later", "nothing else was pending");
    }

    [Fact(Timeout = 120_000)]
    public async Task Watch_ReaderFallsTooFarBehind_EndsWithExpiredErrorNotACleanEnd()
    {
        // Its own server, so no other test's watch is subscribed.
        var own = new ApiTestServer();
        await own.InitializeAsync();
        try
        {
            await using var watch = await OpenAsync(own, $"{Path}?watch=true&resourceVersion={own.Registry.State.Revision}");
            own.Registry.Inner.SubscriberCount.Should().Be(1);

            // Not reading: once the socket buffers are full the feed holds SubscriberCapacity changes and is closed.
            var written = 0;
            while (own.Registry.Inner.SubscriberCount > 0 && written < 2_000_000)
            {
                own.Registry.Upsert(TestClusterRegistry.Valid(TestGateways.Token("a", healthy: written++ % 2 == 0)));
            }

            written.Should().BeGreaterThan(ClusterRegistry.SubscriberCapacity);
            await AssertEndsWithExpiredAsync(watch);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    private static async Task AssertEndsWithExpiredAsync(WatchStream watch)
    {
        JsonObject? last = null;
        while (await watch.NextAsync() is { } next)
        {
            last = next;
        }

        Type(last!).Should().Be("ERROR");
        last!["object"]!["code"]!.GetValue<int>().Should().Be(410);
        last["object"]!["reason"]!.GetValue<string>().Should().Be("Expired");
    }

    private static IEnumerable<ClusterEntry> Clusters(int count, bool healthy) =>
        Enumerable.Range(0, count).Select(i => TestClusterRegistry.Valid(TestGateways.Token($"c{i:D5}", healthy)));


    [Fact(Timeout = 30_000)]
    public async Task Watch_ResourceVersionNotIssuedByThisProcess_SendsExpiredErrorAndEnds()
    {
        Registry.Set(TestClusterRegistry.Valid(TestGateways.Token("a")));
        var ahead = Registry.State.Revision + 100;

        await using var watch = await OpenAsync(server, $"{Path}?watch=true&resourceVersion={ahead}");

        var error = (await watch.NextAsync())!;
        Type(error).Should().Be("ERROR");
        error["object"]!["code"]!.GetValue<int>().Should().Be(410);
        error["object"]!["reason"]!.GetValue<string>().Should().Be("Expired");
        error["object"]!["message"]!.GetValue<string>().Should().Contain("not issued by this gateway process");
        (await watch.NextAsync()).Should().BeNull();
    }

    [Theory(Timeout = 30_000)]
    [InlineData("watch=true&resourceVersion=abc", 400, "BadRequest")]
    [InlineData("watch=true&timeoutSeconds=soon", 400, "BadRequest")]
    [InlineData("watch=true&timeoutSeconds=-1", 400, "BadRequest")]
    [InlineData("watch=true&timeoutSeconds=99999999999999999999", 400, "BadRequest")]
    [InlineData("watch=true&limit=-1", 400, "BadRequest")]
    [InlineData("limit=-5", 400, "BadRequest")]
    [InlineData("limit=ten", 400, "BadRequest")]
    [InlineData("limit=99999999999999999999", 400, "BadRequest")]
    [InlineData("watch=true&sendInitialEvents=true", 422, "Invalid")]
    [InlineData("watch=true&resourceVersionMatch=NotOlderThan", 422, "Invalid")]
    [InlineData("watch=true&labelSelector=a%20in%20b", 400, "BadRequest")]
    public async Task Watch_BadOptions_AnswerStatusBeforeStreaming(string query, int code, string reason)
    {
        var (actual, _, body) = await server.GetJsonAsync($"{Path}?{query}");

        actual.Should().Be(code);
        body["reason"]!.GetValue<string>().Should().Be(reason);
    }
}
