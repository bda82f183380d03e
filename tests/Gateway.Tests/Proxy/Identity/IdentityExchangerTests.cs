using ClusterGateway.Gateway.Proxy.Identity;
using ClusterGateway.Gateway.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Gateway.Tests.Proxy.Identity;

/// <summary>Rule order and fallback (upstream <c>TestGetImpersonationConfig</c>, plus the fixed bugs).</summary>
public sealed class IdentityExchangerTests : IDisposable
{
    private static readonly KubeUser Alice = new("alice", "u-1", ["dev", "system:authenticated"],
        new Dictionary<string, IReadOnlyList<string>> { ["scopes"] = ["s1"] });

    private readonly ExternalIdentityClient _external = new(TimeProvider.System);
    private readonly IdentityExchanger _exchanger;

    public IdentityExchangerTests() => _exchanger = new IdentityExchanger(_external, NullLogger<IdentityExchanger>.Instance);

    public void Dispose() => _external.Dispose();

    [Fact]
    public async Task Exchange_ClusterAndGlobalRulesMatch_ClusterRuleWins()
    {
        var result = await _exchanger.ExchangeAsync(Alice, "c1", Rules(Static("from-cluster", "cluster-user")),
            Rules(Static("from-global", "global-user")), true, CancellationToken.None);

        result.Should().Be(new IdentityExchangeResult(result.Identity, "from-cluster", "cluster"));
        result.Identity!.User.Should().Be("cluster-user");
        result.Identity.Extra.Should().BeEmpty("a static target has no extras");
    }

    [Fact]
    public async Task Exchange_FirstMatchingRuleWins_NonMatchingSkipped()
    {
        var privileged = new IdentityExchangeRule("sudo", IdentityExchangeType.Privileged, new IdentitySource(Group: "dev"));
        var result = await _exchanger.ExchangeAsync(Alice, "c1", ProxyConfiguration.Empty,
            Rules(Static("bob-only", "x", new IdentitySource(User: "bob")), privileged, Static("later", "y")), true,
            CancellationToken.None);

        result.Should().Be(new IdentityExchangeResult(null, "sudo", "global"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Exchange_NoMatch_CallerWithUidAndExtrasUnlessDisabled(bool extras)
    {
        var result = await _exchanger.ExchangeAsync(Alice, "c1", ProxyConfiguration.Empty,
            Rules(Static("bob-only", "x", new IdentitySource(User: "bob"))), extras, CancellationToken.None);

        result.Rule.Should().BeNull();
        result.Origin.Should().Be("default");
        var identity = result.Identity!;
        (identity.User, identity.Uid).Should().Be(("alice", "u-1"));
        identity.Groups.Should().Equal("dev", "system:authenticated");
        identity.Extra.Keys.Should().BeEquivalentTo(extras ? ["scopes"] : Array.Empty<string>());
    }

    [Fact]
    public async Task Exchange_ExternalServiceUnreachable_FailsNamingRuleAndOrigin()
    {
        var rule = new IdentityExchangeRule("sso", IdentityExchangeType.External, new IdentitySource(),
            External: new ExternalExchangeSettings(new Uri("http://127.0.0.1:1/x"), TimeSpan.FromSeconds(5), TimeSpan.Zero));

        var exchange = async () => await _exchanger.ExchangeAsync(Alice, "c1", Rules(rule), ProxyConfiguration.Empty, true,
            CancellationToken.None);

        (await exchange.Should().ThrowAsync<IdentityExchangeException>()).Which.Message.Should()
            .StartWith("rule \"sso\" (ExternalIdentityExchanger, cluster rules): POST http://127.0.0.1:1/x failed");
    }

    private static IdentityExchangeRule Static(string name, string user, IdentitySource? source = null) =>
        new(name, IdentityExchangeType.StaticMapping, source ?? new IdentitySource(),
            new ImpersonatedIdentity(user, null, [], ImpersonatedIdentity.NoExtra));

    private static ProxyConfiguration Rules(params IdentityExchangeRule[] rules) => new(rules);
}
