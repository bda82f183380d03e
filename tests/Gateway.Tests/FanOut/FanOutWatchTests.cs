using System.Text.Json.Nodes;
using ClusterGateway.Gateway.FanOut;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>
/// The fan-out watch over real HTTP: three fake clusters behind <see cref="FanOutWatch"/> hosted on Kestrel, a client
/// reading the multiplexed stream.
/// </summary>
public sealed class FanOutWatchTests : IAsyncLifetime
{
    private const string Path = "/api/v1/namespaces/default/configmaps";

    private const string KubectlTableAccept =
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private FakeMemberCluster _c1 = null!;
    private FakeMemberCluster _c2 = null!;
    private FakeMemberCluster _c3 = null!;
    private readonly Dictionary<string, string> _rvs = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(
            FakeMemberCluster.StartAsync("c1"), FakeMemberCluster.StartAsync("c2"), FakeMemberCluster.StartAsync("c3"));
        (_c1, _c2, _c3) = (started[0], started[1], started[2]);
        foreach (var cluster in started)
        {
            _rvs[cluster.Name] = ObjectMeta.ResourceVersion(cluster.PutConfigMap("cm-" + cluster.Name, "1"))!;
        }
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_c1.DisposeAsync().AsTask(), _c2.DisposeAsync().AsTask(), _c3.DisposeAsync().AsTask());
    }

    [Fact(Timeout = 60_000)]
    public async Task Events_from_every_cluster_carry_their_cluster_and_the_vector_of_positions()
    {
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(_c1, _c2, _c3));
        await using var watch = await host.WatchAsync(Path + "?watch=1");
        watch.Response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");

        var initial = await watch.ReadChangesAsync(3);
        initial.Keys.Should().BeEquivalentTo("c1/cm-c1", "c2/cm-c2", "c3/cm-c3");
        foreach (var (key, e) in initial)
        {
            var cluster = key.Split('/')[0];
            FanOutStream.Type(e).Should().Be("ADDED");
            FanOutStream.Vector(e).Should().Contain(cluster, _rvs[cluster]);
        }

        var rv = ObjectMeta.ResourceVersion(_c2.PutConfigMap("cm-c2", "2"))!;
        var modified = await watch.NextChangeAsync();
        FanOutStream.Type(modified).Should().Be("MODIFIED");
        FanOutStream.Cluster(modified).Should().Be("c2");
        modified["object"]!["data"]!["v"]!.GetValue<string>().Should().Be("2");
        FanOutStream.Vector(modified).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["c1"] = _rvs["c1"], ["c2"] = rv, ["c3"] = _rvs["c3"],
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Resuming_from_the_vector_after_a_restart_delivers_every_change_made_meanwhile_and_nothing_else()
    {
        string token;
        await using (var host = await FanOutWatchHost.StartAsync(new TestMembership(_c1, _c2, _c3)))
        {
            await using var watch = await host.WatchAsync(Path + "?watch=1");
            await watch.ReadChangesAsync(3);
            _c1.PutConfigMap("seen", "1");
            var last = await watch.NextChangeAsync();
            FanOutStream.Name(last).Should().Be("seen");
            token = FanOutStream.ResourceVersion(last);
        }

        // While nobody watches: a change in every cluster.
        _c1.PutConfigMap("new-c1", "1");
        _c2.Store.Delete(FakeResource.ConfigMaps, "default", "cm-c2");
        _c3.PutConfigMap("cm-c3", "2");

        await using (var host = await FanOutWatchHost.StartAsync(new TestMembership(_c1, _c2, _c3)))
        {
            await using var watch = await host.WatchAsync(Path + "?watch=1&resourceVersion=" + Uri.EscapeDataString(token));
            var changes = await watch.ReadChangesAsync(3);
            changes.Keys.Should().BeEquivalentTo("c1/new-c1", "c2/cm-c2", "c3/cm-c3");
            FanOutStream.Type(changes["c1/new-c1"]).Should().Be("ADDED");
            FanOutStream.Type(changes["c2/cm-c2"]).Should().Be("DELETED");
            FanOutStream.Type(changes["c3/cm-c3"]).Should().Be("MODIFIED");

            // Nothing else came first (no repeated initial state): the next change is the marker.
            _c2.PutConfigMap("marker", "1");
            var next = await watch.NextChangeAsync();
            $"{FanOutStream.Cluster(next)}/{FanOutStream.Name(next)}".Should().Be("c2/marker");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stopped_cluster_leaves_the_others_flowing_and_rejoins_from_where_it_was()
    {
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(_c1, _c2, _c3));
        await using var watch = await host.WatchAsync(Path + "?watch=1");
        await watch.ReadChangesAsync(3);

        await _c2.StopServerAsync();
        await host.Logs.WaitForAsync(l => l.StartsWith("Warning", StringComparison.Ordinal) &&
                l.Contains("cluster c2 failed", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Short, "the warning about c2");

        _c1.PutConfigMap("during", "1");
        var during = await watch.NextChangeAsync();
        $"{FanOutStream.Cluster(during)}/{FanOutStream.Name(during)}".Should().Be("c1/during");

        _c2.PutConfigMap("while-down", "1");
        await _c2.StartServerAsync();
        var back = await watch.NextChangeAsync();
        $"{FanOutStream.Cluster(back)}/{FanOutStream.Name(back)}".Should().Be("c2/while-down");

        _c3.PutConfigMap("after", "1");
        var after = await watch.NextChangeAsync();
        $"{FanOutStream.Cluster(after)}/{FanOutStream.Name(after)}".Should().Be("c3/after");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_cluster_down_at_the_start_is_a_warning_header_and_joins_when_up()
    {
        await _c3.StopServerAsync();
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(_c1, _c2, _c3));
        await using var watch = await host.WatchAsync(Path + "?watch=1");
        watch.Response.Headers.GetValues("Warning").Should().Equal("299 - \"cluster c3: connection refused\"");
        (await watch.ReadChangesAsync(2)).Keys.Should().BeEquivalentTo("c1/cm-c1", "c2/cm-c2");

        await _c3.StartServerAsync();
        var joined = await watch.NextChangeAsync();
        $"{FanOutStream.Type(joined)} {FanOutStream.Cluster(joined)}/{FanOutStream.Name(joined)}"
            .Should().Be("ADDED c3/cm-c3");
    }

    [Fact(Timeout = 60_000)]
    public async Task Every_cluster_down_is_an_error_naming_them()
    {
        await _c1.StopServerAsync();
        await _c2.StopServerAsync();
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(_c1, _c2));
        using var response = await host.Client.GetAsync(Path + "?watch=1");
        ((int)response.StatusCode).Should().Be(503);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        status["message"]!.GetValue<string>().Should()
            .Be("every cluster of the fan-out failed: cluster c1: connection refused; cluster c2: connection refused");
    }

    [Fact(Timeout = 60_000)]
    public async Task Resuming_where_one_cluster_has_compacted_its_history_ends_with_410_naming_it()
    {
        string token;
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(_c1, _c2, _c3));
        await using (var watch = await host.WatchAsync(Path + "?watch=1"))
        {
            var initial = await watch.ReadChangesAsync(3);
            token = initial.Values.Select(FanOutStream.ResourceVersion).Last();
            FanOutStream.Vector(initial.Values.Last()).Should().HaveCount(3);
        }

        _c2.PutConfigMap("missed", "1");
        _c2.Store.Compact();
        await using var resumed = await host.WatchAsync(Path + "?watch=1&resourceVersion=" + Uri.EscapeDataString(token));
        var error = await resumed.NextChangeAsync();
        FanOutStream.Type(error).Should().Be("ERROR");
        error["object"]!["code"]!.GetValue<int>().Should().Be(410);
        error["object"]!["reason"]!.GetValue<string>().Should().Be("Expired");
        error["object"]!["message"]!.GetValue<string>().Should().StartWith("cluster c2: too old resource version");
        (await resumed.NextAsync()).Should().BeNull("the stream ends after the 410");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_cluster_that_cannot_resume_after_a_break_ends_the_stream_with_410()
    {
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(_c1, _c2, _c3));
        await using var watch = await host.WatchAsync(Path + "?watch=1");
        await watch.ReadChangesAsync(3);

        await _c1.StopServerAsync();
        await host.Logs.WaitForAsync(l => l.Contains("cluster c1 failed", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Short, "the warning about c1");
        _c1.PutConfigMap("missed", "1");
        _c1.Store.Compact();
        await _c1.StartServerAsync();

        var error = await watch.NextChangeAsync();
        FanOutStream.Type(error).Should().Be("ERROR", error.ToJsonString());
        error["object"]!["code"]!.GetValue<int>().Should().Be(410);
        error["object"]!["message"]!.GetValue<string>().Should().StartWith("cluster c1: ");
        (await watch.NextAsync()).Should().BeNull("the stream ends after the 410");
    }

    [Fact(Timeout = 60_000)]
    public async Task Clusters_join_and_leave_the_stream_with_the_membership()
    {
        var membership = new TestMembership(_c1, _c2);
        await using var host = await FanOutWatchHost.StartAsync(membership);
        await using var watch = await host.WatchAsync(Path + "?watch=1");
        (await watch.ReadChangesAsync(2)).Keys.Should().BeEquivalentTo("c1/cm-c1", "c2/cm-c2");

        membership.Set(_c1, _c2, _c3);
        var joined = await watch.NextChangeAsync();
        $"{FanOutStream.Type(joined)} {FanOutStream.Cluster(joined)}/{FanOutStream.Name(joined)}"
            .Should().Be("ADDED c3/cm-c3");
        FanOutStream.Vector(joined).Keys.Should().BeEquivalentTo("c1", "c2", "c3");

        membership.Set(_c1, _c3);
        await host.Logs.WaitForAsync(l => l.Contains("cluster c2 left", StringComparison.Ordinal))
            .WaitAsync(TestTimeouts.Short, "c2 leaving");
        _c2.PutConfigMap("unseen", "1");
        _c1.PutConfigMap("seen", "1");
        _c3.PutConfigMap("seen", "1");
        var changes = await watch.ReadChangesAsync(2);
        changes.Keys.Should().BeEquivalentTo("c1/seen", "c3/seen");
        FanOutStream.Vector(changes["c3/seen"]).Keys.Should().BeEquivalentTo("c1", "c3");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_table_watch_gets_the_cluster_column_first()
    {
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(_c1, _c2, _c3));
        await using var watch = await host.WatchAsync(Path + "?watch=1", KubectlTableAccept);

        var clusters = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var table = (await watch.NextChangeAsync())["object"]!.AsObject();
            table["kind"]!.GetValue<string>().Should().Be("Table");
            var columns = table["columnDefinitions"]?.AsArray();
            if (i == 0)
            {
                columns!.Select(c => c!["name"]!.GetValue<string>()).Should().StartWith(["Cluster", "Name"]);
            }
            else
            {
                columns.Should().BeNull("column definitions are sent once");
            }

            ClusterVector.IsVector(table["metadata"]!["resourceVersion"]!.GetValue<string>()).Should().BeTrue();
            var row = table["rows"]!.AsArray().Single()!;
            var cluster = row["cells"]![0]!.GetValue<string>();
            row["cells"]![1]!.GetValue<string>().Should().Be("cm-" + cluster);
            row["object"]!["metadata"]!["annotations"]![ClusterVector.ClusterNameAnnotation]!.GetValue<string>()
                .Should().Be(cluster);
            clusters.Add(cluster);
        }

        clusters.Should().BeEquivalentTo("c1", "c2", "c3");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("12")]
    [InlineData("cg1.not-base64!")]
    public async Task A_resource_version_that_is_not_a_vector_is_a_bad_request(string resourceVersion)
    {
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(_c1, _c2, _c3));
        using var response = await host.Client.GetAsync(Path + "?watch=1&resourceVersion=" + Uri.EscapeDataString(resourceVersion));
        ((int)response.StatusCode).Should().Be(400);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        status["reason"]!.GetValue<string>().Should().Be("BadRequest");
        _c1.WatchRequests.Should().Be(0, "no cluster is asked");
    }

    [Fact(Timeout = 30_000)]
    public async Task Resource_version_0_starts_every_cluster_from_its_current_state()
    {
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(_c1, _c2, _c3));
        await using var watch = await host.WatchAsync(Path + "?watch=true&resourceVersion=0");
        (await watch.ReadChangesAsync(3)).Keys.Should().BeEquivalentTo("c1/cm-c1", "c2/cm-c2", "c3/cm-c3");
    }

    [Fact(Timeout = 30_000)]
    public async Task Timeout_seconds_ends_the_whole_stream()
    {
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(_c1, _c2, _c3));
        await using var watch = await host.WatchAsync(Path + "?watch=1&timeoutSeconds=1");
        await watch.ReadChangesAsync(3);
        (await watch.NextAsync()).Should().BeNull("the stream ends after timeoutSeconds");
        _c1.WatchRequests.Should().Be(1, "the cluster's own watch was not re-established by the end");
    }
}
