using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Apiserver;
using ClusterGateway.Gateway.Tests.Support;
using Xunit.Abstractions;

namespace ClusterGateway.Gateway.Tests.Proxy.Paths;

/// <summary>
/// The property behind the proxy's path rule, over real HTTP through one gateway: for every generated sub-path
/// (<see cref="GeneratedPaths"/>) either the cluster receives exactly <c>endpoint prefix + rest + query</c> and the
/// inner SubjectAccessReview describes that request line (as kube-apiserver would parse it: Go-decoded path,
/// RequestInfo), or the gateway refuses with 400 and nothing reaches the cluster or the hub.
/// </summary>
public sealed class ProxyPathFuzzTests(PathEnvironment paths, ITestOutputHelper output) : IClassFixture<PathEnvironment>
{
    private const int Seed = 20_261_203;
    private const int Count = 10_000;

    [Fact(Timeout = 600_000)]
    public async Task Proxy_GeneratedPaths_ForwardedByteForByteWithMatchingReviewOrRefused400()
    {
        var random = new Random(Seed);
        var cluster = paths.Env.ClusterB.Requests;
        await using var client = paths.CreateRawClient();
        var forwarded = 0;
        var refused = 0;
        var clock = Stopwatch.StartNew();
        cluster.Clear();
        paths.InnerReviews.Clear();

        for (var i = 0; i < Count; i++)
        {
            var (rest, query) = GeneratedPaths.Next(random);
            var method = random.Next(4) == 0 ? "DELETE" : "GET";
            var response = await client.SendAsync(method, PathEnvironment.Proxy + rest + query,
                ["Authorization: Bearer " + PathEnvironment.AliceToken]);
            var received = cluster.Snapshot();
            cluster.Clear();
            List<JsonObject> reviews = [];
            while (paths.InnerReviews.TryDequeue(out var review))
            {
                reviews.Add(review);
            }

            var what = $"#{i} {method} {Show(rest + query)} -> {response.StatusCode} {response.Body}";
            if (response.StatusCode == 400 && received.Count == 0)
            {
                reviews.Should().BeEmpty(what);
                refused++;
                continue;
            }

            received.Should().ContainSingle(what);
            received[0].RawTarget.Should().Be(PathEnvironment.EndpointPrefix + rest + query, what);
            reviews.Should().ContainSingle(what);
            ShouldDescribe(reviews[0], method, received[0].RawTarget, what);
            forwarded++;
        }

        output.WriteLine($"{Count} paths in {clock.Elapsed.TotalSeconds:F1}s: {forwarded} forwarded, {refused} refused");
        forwarded.Should().BeGreaterThan(Count / 5, "the generator must produce many valid paths");
        refused.Should().BeGreaterThan(Count / 5, "and many hostile ones");
    }

    /// <summary>The review equals what kube-apiserver's RequestInfo makes of the request line the cluster got.</summary>
    internal static void ShouldDescribe(JsonObject review, string method, string requestLine, string because)
    {
        var relative = requestLine[PathEnvironment.EndpointPrefix.Length..];
        var queryAt = relative.IndexOf('?', StringComparison.Ordinal);
        var path = GoPathUnescape(queryAt < 0 ? relative : relative[..queryAt]);
        path.Should().NotBeNull(because);
        var info = RequestInfoParser.Default.Parse(method, path!, queryAt < 0 ? "" : relative[queryAt..]);
        if (!info.IsResourceRequest)
        {
            Text(review, "path").Should().Be(info.Path, because);
            Text(review, "verb").Should().Be(info.Verb, because);
            return;
        }

        string[] actual = [.. new[] { "namespace", "verb", "group", "version", "resource", "subresource", "name" }
            .Select(key => Text(review, key))];
        actual.Should().Equal([info.Namespace, info.Verb, info.ApiGroup, info.ApiVersion, info.Resource,
            info.Subresource, info.Name], because);
    }

    /// <summary>Go's <c>url.PathUnescape</c> (strict; bytes taken as UTF-8), or null where Go fails.</summary>
    private static string? GoPathUnescape(string path)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(path[i].ToString()));
                continue;
            }

            if (i + 2 >= path.Length || !Uri.IsHexDigit(path[i + 1]) || !Uri.IsHexDigit(path[i + 2]))
            {
                return null;
            }

            bytes.Add(Convert.ToByte(path.Substring(i + 1, 2), 16));
            i += 2;
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static string Text(JsonObject review, string key) => (string?)review[key] ?? "";

    private static string Show(string raw) => string.Concat(raw.Select(c => c is < ' ' or > '~' ? $"<U+{(int)c:X4}>" : c.ToString()));
}
