using ClusterGateway.Kube.Models.Core;
using System.Globalization;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Informers;
using ClusterGateway.Kube.Models;
using ClusterGateway.Kube.Tests.Client;
using ClusterGateway.TestSupport;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.Kube.Tests.Informers;

public sealed class InformerTests
{
    private static readonly InformerOptions Fast = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
    };

    [Fact(Timeout = 30_000)]
    public async Task Run_ExistingObjects_SyncsStoreAndRaisesAdded()
    {
        await using var server = await FakeServers.StartAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "a"));
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "b"));
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("other", "c"));
        using var client = FakeServers.Client(server);
        var informer = new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default", options: Fast);
        informer.HasSynced.Should().BeFalse();

        await using var harness = new InformerHarness<ConfigMap>(informer);
        await harness.SyncAsync();

        informer.HasSynced.Should().BeTrue();
        informer.Count.Should().Be(2);
        informer.List().Select(c => c.Metadata.Name).Should().BeEquivalentTo("a", "b");
        informer.TryGet("default", "a", out var a).Should().BeTrue();
        a!.Kind.Should().Be("ConfigMap");
        a.ApiVersion.Should().Be("v1");
        informer.TryGet("other", "c", out _).Should().BeFalse();
        informer.LastSyncResourceVersion.Should().Be(server.Store.ResourceVersion.ToString(CultureInfo.InvariantCulture));
        harness.TryReadPending(out var first).Should().BeTrue();
        harness.TryReadPending(out var second).Should().BeTrue();
        new[] { first!, second! }.Should().OnlyContain(e => e.Type == InformerEventType.Added && e.Old == null);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_WatchEvents_UpdateStoreAndNotify()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        await using var harness = new InformerHarness<ConfigMap>(
            new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default", options: Fast));
        await harness.SyncAsync();

        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "cm", "one"));
        var added = await harness.NextAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "cm", "two"));
        var modified = await harness.NextAsync();
        harness.Informer.TryGet("default", "cm", out var current).Should().BeTrue();
        current!.Data!["key"].Should().Be("two");
        server.Store.Delete(FakeResource.ConfigMaps, "default", "cm");
        var deleted = await harness.NextAsync();

        added.Type.Should().Be(InformerEventType.Added);
        added.New!.Data!["key"].Should().Be("one");
        modified.Type.Should().Be(InformerEventType.Modified);
        modified.Old!.Data!["key"].Should().Be("one");
        modified.New!.Data!["key"].Should().Be("two");
        deleted.Type.Should().Be(InformerEventType.Deleted);
        deleted.New.Should().BeNull();
        deleted.Object.Metadata.Name.Should().Be("cm");
        harness.Informer.TryGet("default", "cm", out _).Should().BeFalse();
        harness.Informer.LastSyncResourceVersion.Should().Be(deleted.Old!.Metadata.ResourceVersion);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_LabelSelector_CachesOnlyMatchingObjects()
    {
        await using var server = await FakeServers.StartAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "web", label: "web"));
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "db", label: "db"));
        using var client = FakeServers.Client(server);
        await using var harness = new InformerHarness<ConfigMap>(
            new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, null, "app=web", options: Fast));
        await harness.SyncAsync();
        (await harness.NextAsync()).Object.Metadata.Name.Should().Be("web");

        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("other", "db2", label: "db"));
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("other", "web2", label: "web"));

        (await harness.NextAsync()).Object.Metadata.Name.Should().Be("web2");
        harness.Informer.List().Select(c => c.Metadata.Name).Should().BeEquivalentTo("web", "web2");
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_PagedList_ReadsEveryPage()
    {
        await using var server = await FakeServers.StartAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", name));
        }

        using var client = FakeServers.Client(server);
        await using var harness = new InformerHarness<ConfigMap>(
            new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default", options: Fast with { PageSize = 2 }));
        await harness.SyncAsync();

        harness.Informer.Count.Should().Be(3);
        server.Requests.Snapshot().Should().Contain(r => r.PathAndQuery.Contains("limit=2&continue=", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_WatchGone_RelistsAndRaisesTheDiff()
    {
        var holdWatches = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeServers.StartAsync(async context =>
        {
            if (FakeServers.IsWatch(context) && Volatile.Read(ref holdWatches) == 1)
            {
                await release.Task.WaitAsync(context.RequestAborted);
            }

            return false;
        });
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "stays", "same"));
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "vanishes"));
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "changes", "one"));
        using var client = FakeServers.Client(server);
        var informer = new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default", options: Fast);
        var lists = new System.Collections.Concurrent.ConcurrentQueue<(string? Version, int ChangesBefore)>();
        var raised = 0;
        informer.Changed += _ => Interlocked.Increment(ref raised);
        informer.Listed += version => lists.Enqueue((version, Volatile.Read(ref raised)));
        await using var harness = new InformerHarness<ConfigMap>(informer);
        await harness.SyncAsync();
        await harness.NextAsync(3);
        // Established in the store, not only requested: else TerminateWatches could miss it.
        await server.Store.WaitForWatchAsync(FakeResource.ConfigMaps, timeout: TestTimeouts.Short);

        // :: Cut the watch, hold the reconnect, change things it will miss, and compact them out of history.
        Volatile.Write(ref holdWatches, 1);
        server.Requests.Clear();
        server.Store.TerminateWatches();
        await server.Requests.WaitForAsync(FakeServers.IsWatch, TestTimeouts.Short);
        server.Store.Delete(FakeResource.ConfigMaps, "default", "vanishes");
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "changes", "two"));
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "appears"));
        server.Store.Compact();
        Volatile.Write(ref holdWatches, 0);
        release.SetResult();

        var diff = await harness.NextAsync(3);
        diff.Select(e => (e.Type, e.Object.Metadata.Name)).Should().BeEquivalentTo(
        [
            (InformerEventType.Deleted, "vanishes"),
            (InformerEventType.Modified, "changes"),
            (InformerEventType.Added, "appears"),
        ]);
        diff.Single(e => e.Type == InformerEventType.Modified).Old!.Data!["key"].Should().Be("one");
        diff.Should().OnlyContain(e => e.FromList);
        lists.Select(l => l.ChangesBefore).Should().Equal(3, 6);
        lists.Last().Version.Should().Be(server.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        harness.Informer.List().Select(c => c.Metadata.Name).Should().BeEquivalentTo("stays", "changes", "appears");
        server.Requests.Snapshot().Should().Contain(r => r.Method == "GET" && !FakeServers.IsWatch(r));

        // The informer keeps watching after the relist.
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "later"));
        var later = await harness.NextAsync();
        later.Object.Metadata.Name.Should().Be("later");
        later.FromList.Should().BeFalse();
        harness.TryReadPending(out _).Should().BeFalse();
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_WatchFails_ReconnectsFromTheSameResourceVersion()
    {
        var failures = 0;
        await using var server = await FakeServers.StartAsync(async context =>
        {
            if (FakeServers.IsWatch(context) && Interlocked.Increment(ref failures) <= 2)
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("boom");
                return true;
            }

            return false;
        });
        using var client = FakeServers.Client(server);
        await using var harness = new InformerHarness<ConfigMap>(
            new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default", options: Fast));
        await harness.SyncAsync();
        var syncedAt = harness.Informer.LastSyncResourceVersion;

        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "cm"));

        (await harness.NextAsync()).Object.Metadata.Name.Should().Be("cm");
        var watches = server.Requests.Snapshot().Where(FakeServers.IsWatch).ToList();
        watches.Should().HaveCountGreaterThanOrEqualTo(3);
        watches.Take(3).Should().OnlyContain(r => r.PathAndQuery.Contains($"resourceVersion={syncedAt}&", StringComparison.Ordinal));
        server.Requests.Snapshot().Count(r => !FakeServers.IsWatch(r)).Should().Be(1, "a failed watch is retried without relisting");
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_ListFails_RetriesUntilSynced()
    {
        var failures = 0;
        await using var server = await FakeServers.StartAsync(async context =>
        {
            if (!FakeServers.IsWatch(context) && Interlocked.Increment(ref failures) <= 2)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("not yet");
                return true;
            }

            return false;
        });
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "cm"));
        using var client = FakeServers.Client(server);
        await using var harness = new InformerHarness<ConfigMap>(
            new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default", options: Fast));

        await harness.SyncAsync();

        harness.Informer.Count.Should().Be(1);
        Volatile.Read(ref failures).Should().BeGreaterThanOrEqualTo(3);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_ServerEndsWatch_RewatchesFromTheLastEvent()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        await using var harness = new InformerHarness<ConfigMap>(
            new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default", options: Fast));
        await harness.SyncAsync();
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "a"));
        var a = await harness.NextAsync();

        server.Requests.Clear();
        server.Store.TerminateWatches();

        var rewatch = await server.Requests.WaitForAsync(FakeServers.IsWatch, TestTimeouts.Short);
        rewatch.PathAndQuery.Should().Contain($"resourceVersion={a.Object.Metadata.ResourceVersion}&");
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "b"));
        (await harness.NextAsync()).Object.Metadata.Name.Should().Be("b");
        server.Requests.Snapshot().Should().OnlyContain(r => FakeServers.IsWatch(r), "no relist is needed");
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_Bookmark_AdvancesTheResourceVersion()
    {
        await using var server = await FakeServers.StartAsync(async context =>
        {
            if (!FakeServers.IsWatch(context))
            {
                return false;
            }

            if (string.Equals(context.Request.Query["resourceVersion"], "999", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return true;
            }

            await FakeServers.WriteLinesAsync(context, FakeServers.Bookmark("999"));
            return true;
        });
        using var client = FakeServers.Client(server);
        await using var harness = new InformerHarness<ConfigMap>(
            new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default", options: Fast));
        await harness.SyncAsync();

        var request = await server.Requests.WaitForAsync(
            r => FakeServers.IsWatch(r) && r.PathAndQuery.Contains("resourceVersion=999&", StringComparison.Ordinal),
            TestTimeouts.Short);

        request.PathAndQuery.Should().Contain("allowWatchBookmarks=true");
        harness.Informer.LastSyncResourceVersion.Should().Be("999");
        harness.TryReadPending(out _).Should().BeFalse("bookmarks change nothing in the store");
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_WatchTimeout_IsRandomizedBetweenOnceAndTwiceTheBase()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        await using var harness = new InformerHarness<ConfigMap>(new Informer<ConfigMap>(
            client, ResourceKind.ConfigMaps, "default", options: Fast with { WatchTimeout = TimeSpan.FromSeconds(100) }));

        var watch = await server.Requests.WaitForAsync(FakeServers.IsWatch, TestTimeouts.Short);

        var query = watch.PathAndQuery;
        var seconds = int.Parse(query[(query.IndexOf("timeoutSeconds=", StringComparison.Ordinal) + 15)..], CultureInfo.InvariantCulture);
        seconds.Should().BeInRange(100, 200);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_HandlerThrows_OtherHandlersAndTheInformerCarryOn()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var informer = new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default", options: Fast);
        informer.Changed += _ => throw new InvalidOperationException("handler bug");
        await using var harness = new InformerHarness<ConfigMap>(informer);
        await harness.SyncAsync();

        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "one"));
        server.Store.Put(FakeResource.ConfigMaps, FakeServers.ConfigMap("default", "two"));

        (await harness.NextAsync()).Object.Metadata.Name.Should().Be("one");
        (await harness.NextAsync()).Object.Metadata.Name.Should().Be("two");
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_AlreadyRunning_Throws()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        await using var harness = new InformerHarness<ConfigMap>(
            new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default", options: Fast));
        await harness.SyncAsync();

        var act = () => harness.Informer.RunAsync(CancellationToken.None);

        await act.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact(Timeout = 30_000)]
    public async Task WaitForSync_Cancelled_Throws()
    {
        await using var server = await FakeServers.StartAsync();
        using var client = FakeServers.Client(server);
        var informer = new Informer<ConfigMap>(client, ResourceKind.ConfigMaps, "default", options: Fast);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var act = () => informer.WaitForSyncAsync(cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
