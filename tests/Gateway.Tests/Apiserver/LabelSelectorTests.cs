using ClusterGateway.Gateway.Apiserver.Selectors;

namespace ClusterGateway.Gateway.Tests.Apiserver;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["env"] = "prod",
        ["tier"] = "web",
        ["cluster.core.oam.dev/cluster-credential-type"] = "X509Certificate",
        ["size"] = "5",
    };

    [Theory]
    [InlineData("", true)]
    [InlineData("env=prod", true)]
    [InlineData("env==prod", true)]
    [InlineData("env=dev", false)]
    [InlineData("env!=dev", true)]
    [InlineData("missing!=x", true)]
    [InlineData("env", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!env", false)]
    [InlineData("env in (dev, prod)", true)]
    [InlineData("env in (dev,qa)", false)]
    [InlineData("env notin (dev,qa)", true)]
    [InlineData("missing notin (dev)", true)]
    [InlineData("missing in (dev)", false)]
    [InlineData("env=prod,tier=web", true)]
    [InlineData("env=prod, tier=db", false)]
    [InlineData("cluster.core.oam.dev/cluster-credential-type=X509Certificate", true)]
    [InlineData("size>4", true)]
    [InlineData("size<5", false)]
    [InlineData("env=", false)]
    public void Matches_Selector_FollowsKubernetesSemantics(string selector, bool expected)
    {
        var parsed = LabelSelector.Parse(selector, out var error);

        error.Should().BeNull();
        parsed!.Matches(Labels).Should().Be(expected);
    }

    [Theory]
    [InlineData("env in prod")]
    [InlineData("env in (prod")]
    [InlineData("env in ()")]
    [InlineData("env prod")]
    [InlineData("=prod")]
    [InlineData("env=prod,")]
    [InlineData("-bad=x")]
    [InlineData("env=bad value")]
    [InlineData("env=-x")]
    [InlineData("size>big")]
    [InlineData("env in (a,!)")]
    public void Parse_Malformed_ReturnsKubeStyleError(string selector)
    {
        LabelSelector.Parse(selector, out var error).Should().BeNull();

        error.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void Matches_NoLabels_OnlyNegativeRequirementsHold()
    {
        LabelSelector.Parse("!env,env!=prod,env notin (a)", out _)!.Matches(null).Should().BeTrue();
        LabelSelector.Parse("env", out _)!.Matches(null).Should().BeFalse();
    }
}
