using ClusterGateway.Gateway.Proxy.Identity;

namespace ClusterGateway.Gateway.Tests.Proxy.Identity;

public sealed class ProxyConfigurationParserTests
{
    private const string Prefix = """
        apiVersion: cluster.core.oam.dev/v1alpha1
        kind: ClusterGatewayProxyConfiguration
        spec:
          clientIdentityExchanger:
            rules:

        """;

    [Fact]
    public void Parse_UpstreamSample_ReadsBothRules()
    {
        // Upstream examples/client-identity-exchanger/config.yaml, verbatim.
        const string sample = """
            apiVersion: cluster.core.oam.dev/v1alpha1
            kind: ClusterGatewayProxyConfiguration
            spec:
              clientIdentityExchanger:
                rules:
                  - name: super-user
                    source:
                      group: sudoer
                    type: PrivilegedIdentityExchanger
                  - name: mapping
                    source:
                      user: user-12345
                      cluster: cluster-34567
                    target:
                      user: user-34567
                    type: StaticMappingIdentityExchanger
            """;

        var configuration = ProxyConfigurationParser.Parse(sample);

        configuration.Rules.Select(r => (r.Name, r.Type)).Should().Equal(
            ("super-user", IdentityExchangeType.Privileged), ("mapping", IdentityExchangeType.StaticMapping));
        configuration.Rules[0].Source.Should().Be(new IdentitySource(Group: "sudoer"));
        configuration.Rules[1].Source.Should().Be(new IdentitySource(User: "user-12345", Cluster: "cluster-34567"));
        configuration.Rules[1].Target!.User.Should().Be("user-34567");
    }

    [Fact]
    public void Parse_ExternalRuleAsJson_ReadsUrlTimeoutAndTtl()
    {
        var configuration = ProxyConfigurationParser.Parse("""
            {"spec": {"clientIdentityExchanger": {"rules": [{"name": "sso", "type": "ExternalIdentityExchanger",
              "source": {"clusterPattern": "^prod-"}, "url": "https://x.example/exchange?k=v", "timeout": "250ms",
              "cacheTTL": "1m"}]}}}
            """);

        var external = configuration.Rules.Should().ContainSingle().Subject.External!;
        external.Url.Should().Be(new Uri("https://x.example/exchange?k=v"));
        external.Timeout.Should().Be(TimeSpan.FromMilliseconds(250));
        external.CacheTtl.Should().Be(TimeSpan.FromMinutes(1));
        external.SafeUrl.Should().Be("https://x.example/exchange");
    }

    [Fact]
    public void Parse_ExternalRuleWithoutTimings_UsesDefaults()
    {
        var rule = Rule("""
            - name: sso
              type: ExternalIdentityExchanger
              source: {}
              url: http://127.0.0.1:1/x
            """);

        rule.External!.Timeout.Should().Be(TimeSpan.FromSeconds(5));
        rule.External.CacheTtl.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("spec: {}", 0)]
    [InlineData("spec: {clientIdentityExchanger: {rules: []}}", 0)]
    public void Parse_NoRules_IsEmpty(string text, int count) =>
        ProxyConfigurationParser.Parse(text).Rules.Should().HaveCount(count);

    [Theory]
    [InlineData("- {name: r, type: Magic, source: {}}", "rule \"r\" (spec.clientIdentityExchanger.rules[0]): type: \"Magic\" is not one of")]
    [InlineData("- {name: r, type: PrivilegedIdentityExchanger}", "rule \"r\" (spec.clientIdentityExchanger.rules[0]): source: is required")]
    [InlineData("- {name: r, type: StaticMappingIdentityExchanger, source: {}}", "rule \"r\" (spec.clientIdentityExchanger.rules[0]): target: is required")]
    [InlineData("- {name: r, type: StaticMappingIdentityExchanger, source: {}, target: {groups: [g]}}", "target.user: is required")]
    [InlineData("- {name: r, type: PrivilegedIdentityExchanger, source: {userPattern: '(['}}", "rule \"r\" (spec.clientIdentityExchanger.rules[0]): source.userPattern: \"([\" is not a supported regular expression")]
    [InlineData("- {name: r, type: PrivilegedIdentityExchanger, source: {userPatern: x}}", "source.userPatern: unknown field")]
    [InlineData("- {name: r, type: ExternalIdentityExchanger, source: {}}", "url: is required for ExternalIdentityExchanger")]
    [InlineData("- {name: r, type: ExternalIdentityExchanger, source: {}, url: 'ftp://x/y'}", "url: \"ftp://x/y\" is not an absolute http or https URL")]
    [InlineData("- {name: r, type: ExternalIdentityExchanger, source: {}, url: 'http://x/y', timeout: soon}", "timeout: \"soon\" is not a duration")]
    [InlineData("- {name: r, type: ExternalIdentityExchanger, source: {}, url: 'http://x/y', timeout: '0'}", "timeout: must be greater than 0")]
    [InlineData("- {name: r, type: PrivilegedIdentityExchanger, source: {}, url: 'http://x/y'}", "url: is only used by ExternalIdentityExchanger")]
    [InlineData("- {name: r, type: PrivilegedIdentityExchanger, source: {}, target: {user: u}}", "target: is only used by StaticMappingIdentityExchanger")]
    [InlineData("- {name: r, type: PrivilegedIdentityExchanger, source: {user: 12345}}", "source.user: must be a string (quote it)")]
    [InlineData("- {type: PrivilegedIdentityExchanger, source: {}}", "spec.clientIdentityExchanger.rules[0]: name: is required")]
    [InlineData("- {name: r, type: PrivilegedIdentityExchanger, source: {}}\n- {name: r, type: PrivilegedIdentityExchanger, source: {}}", "rule \"r\" (spec.clientIdentityExchanger.rules[1]): name: is already used")]
    [InlineData("- just-a-string", "spec.clientIdentityExchanger.rules[0]: must be an object")]
    public void Parse_InvalidRule_NamesRuleAndProblem(string rules, string expected)
    {
        var parse = () => ProxyConfigurationParser.Parse(Prefix + Indent(rules));

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void Parse_SeveralInvalidRules_ReportsEach()
    {
        var parse = () => ProxyConfigurationParser.Parse(Prefix + Indent("""
            - {name: ok, type: PrivilegedIdentityExchanger, source: {}}
            - {name: one, type: Nope, source: {}}
            - {name: two, type: StaticMappingIdentityExchanger, source: {}}
            """));

        parse.Should().Throw<FormatException>().Which.Message.Should()
            .Contain("rule \"one\" (spec.clientIdentityExchanger.rules[1])")
            .And.Contain("rule \"two\" (spec.clientIdentityExchanger.rules[2])")
            .And.NotContain("\"ok\"");
    }

    [Theory]
    [InlineData("kind: Secret", "kind: must be ClusterGatewayProxyConfiguration, not \"Secret\"")]
    [InlineData("apiVersion: v1", "apiVersion: must be cluster.core.oam.dev/v1alpha1")]
    [InlineData("spec: {clientIdentityExchanger: {ruless: []}}", "spec.clientIdentityExchanger.ruless: unknown field")]
    [InlineData("[1, 2]", "expected one ClusterGatewayProxyConfiguration object, found a array value")]
    [InlineData("a: b\n---\nc: d", "found 2 documents")]
    [InlineData("spec: [unclosed", "not valid YAML or JSON")]
    public void Parse_InvalidDocument_SaysWhy(string text, string expected)
    {
        var parse = () => ProxyConfigurationParser.Parse(text);

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain(expected);
    }

    private static IdentityExchangeRule Rule(string rules) =>
        ProxyConfigurationParser.Parse(Prefix + Indent(rules)).Rules.Should().ContainSingle().Subject;

    private static string Indent(string rules) =>
        string.Join('\n', rules.Split('\n').Select(line => "      " + line));
}
