using ClusterGateway.Gateway.Apiserver.Selectors;

namespace ClusterGateway.Gateway.Tests.Apiserver;

public sealed class NameFieldSelectorTests
{
    [Theory]
    [InlineData(null, "a", true)]
    [InlineData("", "a", true)]
    [InlineData("metadata.name=a", "a", true)]
    [InlineData("metadata.name=a", "b", false)]
    [InlineData(" metadata.name == a ", "a", true)]
    [InlineData("metadata.name!=a", "a", false)]
    [InlineData("metadata.name!=a", "b", true)]
    [InlineData("metadata.name=a,metadata.name=b", "a", false)]
    [InlineData("metadata.name=", "a", false)]
    public void Matches_Selector_FiltersByName(string? selector, string name, bool expected)
    {
        var parsed = NameFieldSelector.Parse(selector, out var error);

        error.Should().BeNull();
        parsed!.Matches(name).Should().Be(expected);
    }

    [Theory]
    [InlineData("spec.provider=x", "field label not supported: spec.provider")]
    [InlineData("metadata.namespace=x", "field label not supported: metadata.namespace")]
    [InlineData("bogus", "invalid selector: 'bogus'; can't understand 'bogus'")]
    [InlineData("=x", "invalid selector: '=x'; can't understand '=x'")]
    public void Parse_Unsupported_ReturnsKubeStyleError(string selector, string expected)
    {
        NameFieldSelector.Parse(selector, out var error).Should().BeNull();
        error.Should().Be(expected);
    }
}
