using ClusterGateway.Gateway.FanOut;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.FanOut;

/// <summary>Clusters' BOOKMARKs become the fan-out's own, carrying the vector.</summary>
public sealed class FanOutWatchBookmarkTests
{
    [Fact(Timeout = 60_000)]
    public async Task Bookmarks_carry_the_vector_and_no_cluster()
    {
        var interval = TimeSpan.FromMilliseconds(100);
        await using var b1 = await FakeMemberCluster.StartAsync("b1", interval);
        await using var b2 = await FakeMemberCluster.StartAsync("b2", interval);
        var rv1 = ObjectMeta.ResourceVersion(b1.PutConfigMap("x", "1"))!;
        var rv2 = ObjectMeta.ResourceVersion(b2.PutConfigMap("y", "1"))!;
        await using var host = await FanOutWatchHost.StartAsync(new TestMembership(b1, b2));
        await using var watch = await host.WatchAsync("/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var bookmarks = 0;
        while (bookmarks < 4 || seen.Count < 2)
        {
            var next = (await watch.NextAsync())!;
            if (FanOutStream.Type(next) != "BOOKMARK")
            {
                seen.Add(FanOutStream.Cluster(next));
                continue;
            }

            bookmarks++;
            next["object"]!["kind"]!.GetValue<string>().Should().Be("ConfigMap");
            next["object"]!["metadata"]!["annotations"].Should().BeNull("a merged bookmark belongs to no cluster");
            var vector = FanOutStream.Vector(next);
            if (seen.Count == 2)
            {
                // The fake's bookmarks carry its store's latest resourceVersion, at least the object's.
                long.Parse(vector["b1"]).Should().BeGreaterThanOrEqualTo(long.Parse(rv1));
                long.Parse(vector["b2"]).Should().BeGreaterThanOrEqualTo(long.Parse(rv2));
            }
        }
    }
}
