using System.Text.Json.Nodes;
using ClusterGateway.Gateway.Proxy.Identity;
using ClusterGateway.Gateway.Security;
using ClusterGateway.Gateway.Tests.Security;
using ClusterGateway.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace ClusterGateway.Gateway.Tests.Proxy.Identity;

/// <summary>The ExternalIdentityExchanger protocol against a loopback service, with a hand-moved clock.</summary>
public sealed class ExternalIdentityClientTests : IAsyncLifetime
{
    private static readonly KubeUser Alice = new("alice", "u-1", ["dev", "system:authenticated"],
        new Dictionary<string, IReadOnlyList<string>> { ["scopes"] = ["s1"] });

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private ExchangeServer _server = null!;
    private ExternalIdentityClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ExchangeServer.StartAsync();
        _client = new ExternalIdentityClient(_clock);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task Exchange_PostsCallerAndCluster_ReturnsAnsweredIdentity()
    {
        _server.Answer = _ => (200, """{"user": "alice@prod", "uid": "9", "groups": ["g1", "g2"], "extra": {"k": ["v"]}, "ignored": 1}""");

        var identity = await _client.ExchangeAsync(Rule(TimeSpan.FromMinutes(1)), Alice, "prod-1", CancellationToken.None);

        identity.User.Should().Be("alice@prod");
        identity.Uid.Should().Be("9");
        identity.Groups.Should().Equal("g1", "g2");
        identity.Extra.Should().ContainKey("k").WhoseValue.Should().Equal("v");
        var body = _server.Bodies.Should().ContainSingle().Subject;
        JsonNode.DeepEquals(body, JsonNode.Parse("""
            {"apiVersion": "cluster.core.oam.dev/v1alpha1", "kind": "IdentityExchangeRequest", "rule": "sso",
             "cluster": "prod-1", "user": {"username": "alice", "groups": ["dev", "system:authenticated"], "uid": "u-1",
             "extra": {"scopes": ["s1"]}}}
            """)).Should().BeTrue(body.ToJsonString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Exchange_WithinTtl_OneCall_AfterTtl_CallsAgain()
    {
        var rule = Rule(TimeSpan.FromMinutes(1));

        await _client.ExchangeAsync(rule, Alice, "prod-1", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(59));
        await _client.ExchangeAsync(rule, Alice, "prod-1", CancellationToken.None);
        _server.Calls.Should().Be(1);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await _client.ExchangeAsync(rule, Alice, "prod-1", CancellationToken.None);
        _server.Calls.Should().Be(2);

        await _client.ExchangeAsync(rule, Alice, "prod-2", CancellationToken.None);
        _server.Calls.Should().Be(3, "another cluster is another exchange");
    }

    [Fact(Timeout = 30_000)]
    public async Task Exchange_ZeroTtl_CallsEveryTime()
    {
        var rule = Rule(TimeSpan.Zero);

        await _client.ExchangeAsync(rule, Alice, "prod-1", CancellationToken.None);
        await _client.ExchangeAsync(rule, Alice, "prod-1", CancellationToken.None);

        _server.Calls.Should().Be(2);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(403, """{"message": "no"}""", "answered 403 Forbidden: {\"message\": \"no\"}")]
    [InlineData(200, """{"groups": ["g"]}""", "the answer is invalid: user: is required")]
    [InlineData(200, "[]", "the answer is not a JSON object")]
    [InlineData(200, "not json", "the answer is not JSON")]
    [InlineData(200, """{"user": "a\nb"}""", "must not contain control characters")]
    public async Task Exchange_BadAnswer_FailsNamingUrlAndNeverCaches(int status, string answer, string expected)
    {
        _server.Answer = _ => (status, answer);
        var rule = Rule(TimeSpan.FromMinutes(1));

        var first = () => _client.ExchangeAsync(rule, Alice, "prod-1", CancellationToken.None);
        (await first.Should().ThrowAsync<IdentityExchangeException>()).Which.Message.Should()
            .StartWith($"POST {_server.Url.GetLeftPart(UriPartial.Authority)}/exchange").And.Contain(expected);
        await first.Should().ThrowAsync<IdentityExchangeException>();

        _server.Calls.Should().Be(2);
    }

    [Fact(Timeout = 30_000)]
    public async Task Exchange_Unreachable_Fails()
    {
        var rule = new IdentityExchangeRule("sso", IdentityExchangeType.External, new IdentitySource(),
            External: new ExternalExchangeSettings(new Uri("http://127.0.0.1:1/exchange"), TimeSpan.FromSeconds(5),
                TimeSpan.Zero));

        var exchange = () => _client.ExchangeAsync(rule, Alice, "prod-1", CancellationToken.None);

        (await exchange.Should().ThrowAsync<IdentityExchangeException>().WaitAsync(TestTimeouts.Short))
            .Which.Message.Should().StartWith("POST http://127.0.0.1:1/exchange failed:");
    }

    private IdentityExchangeRule Rule(TimeSpan ttl) => new("sso", IdentityExchangeType.External, new IdentitySource(),
        External: new ExternalExchangeSettings(new Uri(_server.Url, "/exchange?token=secret"), TimeSpan.FromSeconds(5), ttl));
}
