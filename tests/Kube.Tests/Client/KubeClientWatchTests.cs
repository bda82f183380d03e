using ClusterGateway.Kube.Models.Core;
using System.Text.Json.Nodes;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Kube.Tests.Client;

public sealed class KubeClientWatchTests
{
    [Fact(Timeout = 30_000)]
    public async Task Watch_FromListResourceVersion_StreamsAddedModifiedDeleted()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var list = await client.ListAsync<ConfigMap>(ResourceKind.ConfigMaps, "default");
        await using var pump = new WatchPump<ConfigMap>(ct => client.WatchAsync<ConfigMap>(
            ResourceKind.ConfigMaps, "default", new WatchOptions { ResourceVersion = list.Metadata.ResourceVersion }, ct));

        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "cm", "one"));
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "cm", "two"));
        server.Store.Delete(FakeResource.ConfigMaps, "default", "cm");

        var added = await pump.NextAsync();
        var modified = await pump.NextAsync();
        var deleted = await pump.NextAsync();
        added.Type.Should().Be(WatchEventType.Added);
        added.Object.Data!["key"].Should().Be("one");
        modified.Type.Should().Be(WatchEventType.Modified);
        modified.Object.Data!["key"].Should().Be("two");
        deleted.Type.Should().Be(WatchEventType.Deleted);
        deleted.Object.Metadata.Name.Should().Be("cm");
        long.Parse(deleted.Object.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeGreaterThan(long.Parse(added.Object.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_WithoutResourceVersion_StartsWithExistingObjects()
    {
        await using var server = await FakeServers.StartAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "existing"));
        using var client = FakeServers.Client(server);

        await using var pump = new WatchPump<JsonObject>(ct => client.WatchAsync<JsonObject>(ResourceKind.ConfigMaps, "default", null, ct));

        var first = await pump.NextAsync();
        first.Type.Should().Be(WatchEventType.Added);
        first.Object["metadata"]!["name"]!.GetValue<string>().Should().Be("existing");
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_SendsWatchQuery()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);

        await using var pump = new WatchPump<JsonObject>(ct => client.WatchAsync<JsonObject>(ResourceKind.ConfigMaps, "default",
            new WatchOptions
            {
                ResourceVersion = "1", AllowWatchBookmarks = true, TimeoutSeconds = 300, LabelSelector = "app=web",
            }, ct));

        var request = await server.Requests.WaitForAsync(FakeServers.IsWatch, TestTimeouts.Short);
        request.PathAndQuery.Should().Be(
            "/api/v1/namespaces/default/configmaps?watch=true&labelSelector=app%3Dweb&resourceVersion=1&allowWatchBookmarks=true&timeoutSeconds=300");
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_CompactedResourceVersion_ThrowsGone()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var list = await client.ListAsync<ConfigMap>(ResourceKind.ConfigMaps, "default");
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "cm"));
        server.Store.Compact();

        var act = async () =>
        {
            await foreach (var _ in client.WatchAsync<ConfigMap>(ResourceKind.ConfigMaps, "default",
                               new WatchOptions { ResourceVersion = list.Metadata.ResourceVersion }))
            {
            }
        };

        (await act.Should().ThrowAsync<KubeApiException>()).Which.IsGone.Should().BeTrue();
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_ErrorEvent_ThrowsAfterTheEarlierEvents()
    {
        await using var server = await FakeServers.StartAsync(async context =>
        {
            await FakeServers.WriteLinesAsync(context, FakeServers.Event("ADDED", "default", "a", "5"), FakeServers.GoneEvent());
            return true;
        });
        using var client = FakeServers.Client(server);

        await using var pump = new WatchPump<ConfigMap>(ct => client.WatchAsync<ConfigMap>(ResourceKind.ConfigMaps, "default", null, ct));

        (await pump.NextAsync()).Object.Metadata.Name.Should().Be("a");
        var error = (await pump.Completion.Awaiting(t => t).Should().ThrowAsync<KubeApiException>()).Which;
        error.IsGone.Should().BeTrue();
        error.Reason.Should().Be("Expired");
        error.Status.Message.Should().Contain("too old resource version");
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_MalformedAndUnknownLines_AreSkipped()
    {
        await using var server = await FakeServers.StartAsync(async context =>
        {
            await FakeServers.WriteLinesAsync(context,
                FakeServers.Event("ADDED", "default", "a", "5"),
                "this is not json",
                """{"type":"ADDED"}""",
                """{"type":"SURPRISE","object":{"metadata":{}}}""",
                "",
                FakeServers.Event("MODIFIED", "default", "a", "6"));
            return true;
        });
        using var client = FakeServers.Client(server);

        var events = new List<WatchEvent<ConfigMap>>();
        await foreach (var e in client.WatchAsync<ConfigMap>(ResourceKind.ConfigMaps, "default"))
        {
            events.Add(e);
        }

        events.Select(e => (e.Type, e.Object.Metadata.ResourceVersion))
            .Should().Equal((WatchEventType.Added, "5"), (WatchEventType.Modified, "6"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_EventsArriveWhileTheResponseIsStillOpen()
    {
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeServers.StartAsync(async context =>
        {
            await FakeServers.WriteLinesAsync(context, FakeServers.Event("ADDED", "default", "a", "5"));
            await firstSeen.Task.WaitAsync(TestTimeouts.Short);
            await FakeServers.WriteLinesAsync(context, FakeServers.Event("ADDED", "default", "b", "6"));
            return true;
        });
        using var client = FakeServers.Client(server);

        await using var pump = new WatchPump<ConfigMap>(ct => client.WatchAsync<ConfigMap>(ResourceKind.ConfigMaps, "default", null, ct));

        (await pump.NextAsync()).Object.Metadata.Name.Should().Be("a");
        firstSeen.SetResult();
        (await pump.NextAsync()).Object.Metadata.Name.Should().Be("b");
        await pump.Completion.WaitAsync(TestTimeouts.Short);
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_Cancelled_EndsPromptly()
    {
        await using var server = await FakeServers.StartAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "a"));
        using var client = FakeServers.Client(server);
        await using var pump = new WatchPump<ConfigMap>(ct => client.WatchAsync<ConfigMap>(ResourceKind.ConfigMaps, "default", null, ct));
        await pump.NextAsync();

        pump.Cancel();

        await pump.Completion.Awaiting(t => t.WaitAsync(TestTimeouts.Short)).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_ServerEndsTheStream_EnumerationCompletes()
    {
        await using var server = await FakeServers.StartAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "a"));
        using var client = FakeServers.Client(server);
        await using var pump = new WatchPump<ConfigMap>(ct => client.WatchAsync<ConfigMap>(ResourceKind.ConfigMaps, "default", null, ct));
        await pump.NextAsync();

        server.Store.TerminateWatches();

        await pump.Completion.WaitAsync(TestTimeouts.Short);
    }

    [Fact(Timeout = 30_000)]
    public async Task Watch_AllowWatchBookmarks_YieldsBookmarks()
    {
        await using var server = await FakeServers.StartAsync(bookmarkInterval: TimeSpan.FromMilliseconds(100));
        using var client = FakeServers.Client(server);
        var list = await client.ListAsync<ConfigMap>(ResourceKind.ConfigMaps, "default");

        await using var pump = new WatchPump<ConfigMap>(ct => client.WatchAsync<ConfigMap>(ResourceKind.ConfigMaps, "default",
            new WatchOptions { ResourceVersion = list.Metadata.ResourceVersion, AllowWatchBookmarks = true }, ct));

        var bookmark = await pump.NextAsync();
        bookmark.Type.Should().Be(WatchEventType.Bookmark);
        bookmark.Object.Metadata.ResourceVersion.Should().NotBeNullOrEmpty();
    }
}
