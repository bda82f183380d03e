using System.Net;
using System.Net.Http.Headers;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;
using static ClusterGateway.Gateway.Tests.Security.SecurityFixtures;

namespace ClusterGateway.Gateway.Tests.Security;

/// <summary>Direct callers with bearer tokens: TokenReview on the hub (cached, coalesced), then SubjectAccessReview.</summary>
public sealed class TokenReviewAuthenticationTests : IAsyncLifetime
{
    private readonly HubReviews _reviews = new();
    private HubEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await HubEnvironment.StartAsync(configureHub: hub =>
    {
        hub.Intercept = _reviews.InterceptAsync;
        hub.Tokens["alice-token"] = "alice";
        hub.Tokens["bob-token"] = "bob";
    });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task BearerToken_RepeatedWithinTtl_OneTokenReview()
    {
        using var client = Client("alice-token");

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync(Gateways);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        CountRequests(_env.Hub, HubReviews.TokenReviewPath).Should().Be(1);
        var spec = _reviews.SubjectAccessReviews[0]["spec"]!;
        ((string?)spec["user"]).Should().Be("alice");
        spec["groups"]!.AsArray().Select(g => (string?)g).Should().Equal("system:authenticated");
    }

    [Fact(Timeout = 60_000)]
    public async Task BearerToken_ConcurrentFirstRequests_OneTokenReview()
    {
        using var client = Client("bob-token");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync(Gateways)))
            .WaitAsync(TestTimeouts.Default, "the concurrent requests");

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        CountRequests(_env.Hub, HubReviews.TokenReviewPath).Should().Be(1);
        CountRequests(_env.Hub, HubReviews.SubjectAccessReviewPath).Should().Be(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task BearerToken_Unknown_Returns401()
    {
        using var client = Client("not-a-token");

        using var response = await client.GetAsync(Gateways);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        ((string?)(await StatusOf(response))["message"]).Should().Be("Unauthorized");
        _reviews.TokenReviews.Should().ContainSingle().Which["spec"]!["token"]!.GetValue<string>()
            .Should().Be("not-a-token");
        _env.Logs.Lines.Should().NotContain(l => l.Contains("not-a-token", StringComparison.Ordinal),
            "tokens are never logged");
    }

    [Fact(Timeout = 60_000)]
    public async Task LocalToken_IsSystemMasters_NoReviews()
    {
        using var client = _env.CreateGatewayClient();

        using var response = await client.GetAsync(Gateways);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        CountRequests(_env.Hub, HubReviews.TokenReviewPath).Should().Be(0);
        CountRequests(_env.Hub, HubReviews.SubjectAccessReviewPath).Should().Be(0);
    }

    [Fact(Timeout = 60_000)]
    public async Task PublicPaths_NoCredentials_Served()
    {
        using var client = _env.CreateGatewayClient(withToken: false);

        (await client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/version")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/apis")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact(Timeout = 60_000)]
    public async Task Authorization_HubFailsReview_Returns500InternalError()
    {
        _reviews.FailSubjectAccessReviewsWith = 500;
        using var client = Client("alice-token");

        using var response = await client.GetAsync(Gateways + "?limit=5");

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        var status = await StatusOf(response);
        ((string?)status["reason"]).Should().Be("InternalError");
        ((string?)status["message"]).Should().StartWith(
            "Internal Server Error: \"/apis/cluster.core.oam.dev/v1alpha1/clustergateways?limit=5\": ")
            .And.Contain("the hub is having a bad day");
    }

    private HttpClient Client(string token)
    {
        var client = _env.CreateGatewayClient(withToken: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
