using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Tests.Support;

namespace ClusterGateway.Gateway.Tests.Proxy.Paths;

/// <summary>
/// The path escapes that motivated the rule, over real HTTP: refused with a 400 Status naming the segment, with
/// nothing reaching the cluster or the hub's authorizer; and an accepted path reviewed as it is sent.
/// </summary>
public sealed class ProxyPathHttpTests(PathEnvironment paths) : IClassFixture<PathEnvironment>
{
    [Theory(Timeout = 60_000)]
    [InlineData("/api/v1/namespaces/a/configmaps/x\\..\\..\\..\\kube-system\\secrets\\admin-token",
        "segment \"x\\\\..\\\\..\\\\..\\\\kube-system\\\\secrets\\\\admin-token\"", "contains a backslash")]
    [InlineData("/api/v1/namespaces/a/configmaps/x%5C..%5C..%5C..%5Ckube-system%5Csecrets%5Cadmin-token",
        "segment \"x%5C..%5C..%5C..%5Ckube-system%5Csecrets%5Cadmin-token\"", "contains a backslash")]
    [InlineData("/api/v1/namespaces/a/configmaps/x%2F..%2F..%2F..%2Fkube-system%2Fsecrets%2Fadmin-token",
        "segment \"x%2F..%2F..%2F..%2Fkube-system%2Fsecrets%2Fadmin-token\"", "contains an encoded slash (%2F)")]
    [InlineData("/..\\..\\..\\version", "segment \"..\\\\..\\\\..\\\\version\"", "contains a backslash")]
    [InlineData("/api/v1/namespaces/a%0A/configmaps", "segment \"a%0A\"", "contains a control character")]
    [InlineData("/api/v1/namespaces/%E2%80%A5/configmaps", "segment \"%E2%80%A5\"", "Unicode normalization")]
    [InlineData("/api/v1//namespaces/a/configmaps", "segment \"\"", "is empty (//)")]
    public async Task Proxy_EscapingPath_400NamingTheSegmentAndNothingSent(string rest, string segment, string problem)
    {
        var (response, sent, reviews) = await SendAsync(rest);

        response.StatusCode.Should().Be(400, response.Body);
        var status = JsonNode.Parse(response.Body)!;
        ((string?)status["kind"]).Should().Be("Status");
        ((string?)status["reason"]).Should().Be("BadRequest");
        ((string?)status["message"]).Should().Contain(segment).And.Contain(problem);
        sent.Should().BeEmpty();
        reviews.Should().BeEmpty();
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/%2e%2e/%2e%2e/%2e%2e/version")]
    [InlineData("/api/../../../../version")]
    [InlineData("/./version")]
    public async Task Proxy_DotSegmentsClimbingOutOfTheEndpointPrefix_400BeforeRouting(string rest)
    {
        var (response, sent, reviews) = await SendAsync(rest);

        response.StatusCode.Should().Be(400, response.Body);
        ((string?)JsonNode.Parse(response.Body)!["message"]).Should().Contain("is a dot segment");
        sent.Should().BeEmpty();
        reviews.Should().BeEmpty();
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/apis/cluster.core.oam.dev/v1alpha1/clustergateways/prefixed/proxy/..")]
    [InlineData("/apis/cluster.core.oam.dev/v1alpha1/clustergateways/x/%2E%2E/prefixed/proxy/version")]
    public async Task GatewayApi_DotSegment_400InsteadOfRoutingTheNormalizedPath(string target)
    {
        // Kestrel's Request.Path drops dot segments: the first would otherwise be served as a GET of the object.
        await using var client = paths.CreateRawClient();

        var response = await client.SendAsync("GET", target, ["Authorization: Bearer " + PathEnvironment.AliceToken]);

        response.StatusCode.Should().Be(400, response.Body);
        ((string?)JsonNode.Parse(response.Body)!["message"]).Should().Contain("is a dot segment");
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/api/v1/namespaces/a/configmaps/x;y", "?watch=1")]
    [InlineData("/api/v1/namespaces/a/configmaps/%C3%A9%3Bz/", "")]
    [InlineData("/version", "?q=%zz&r=\\")]
    public async Task Proxy_AcceptedPath_SentByteForByteBelowThePrefixAndReviewedAsSent(string rest, string query)
    {
        var (response, sent, reviews) = await SendAsync(rest, query);

        response.StatusCode.Should().NotBe(400, response.Body);
        sent.Should().ContainSingle().Which.RawTarget.Should().Be(PathEnvironment.EndpointPrefix + rest + query);
        reviews.Should().ContainSingle();
        ProxyPathFuzzTests.ShouldDescribe(reviews[0], "GET", sent[0].RawTarget, rest);
    }

    private async Task<(RawHttpClient.Response Response, IReadOnlyList<TestSupport.RecordedRequest> Sent,
        List<JsonObject> Reviews)> SendAsync(string rest, string query = "")
    {
        var cluster = paths.Env.ClusterB.Requests;
        cluster.Clear();
        paths.InnerReviews.Clear();
        await using var client = paths.CreateRawClient();
        var response = await client.SendAsync("GET", PathEnvironment.Proxy + rest + query,
            ["Authorization: Bearer " + PathEnvironment.AliceToken]);
        return (response, cluster.Snapshot(), [.. paths.InnerReviews]);
    }
}
