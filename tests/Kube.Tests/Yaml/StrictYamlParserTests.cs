using ClusterGateway.Kube.Config;
using ClusterGateway.Kube.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClusterGateway.Kube.Tests.Yaml;

public sealed class StrictYamlParserTests
{
    [Theory]
    [InlineData("x: &a [1, *a]\n", "anchors (&a) are not allowed*")]
    [InlineData("x: *a\n", "aliases (*a) are not allowed*")]
    [InlineData("x:\n  <<: {y: 1}\n", "merge keys (<<) are not allowed*")]
    [InlineData("- {<<: {y: 1}}\n", "merge keys (<<) are not allowed*")]
    public void Refuses_AnchorsAliasesAndMergeKeys(string yaml, string message)
    {
        var act = () => ReadAll(yaml);

        act.Should().Throw<YamlException>().WithMessage(message);
    }

    [Theory]
    [InlineData("x: '<<'\n")]
    [InlineData("x: <<\n")]
    [InlineData("'<<': 1\n")]
    [InlineData("- <<\n- {a: <<}\n")]
    public void Accepts_MergeKeyTextThatIsNotAKey(string yaml)
    {
        var act = () => ReadAll(yaml);

        act.Should().NotThrow();
    }

    [Fact]
    public void Nesting_UpToTheLimitIsAccepted_OneMoreIsRefused()
    {
        var deepest = new string('[', StrictYamlParser.MaxDepth) + new string(']', StrictYamlParser.MaxDepth);
        var tooDeep = "a: " + new string('[', StrictYamlParser.MaxDepth) + new string(']', StrictYamlParser.MaxDepth);

        ((Action)(() => ReadAll(deepest + "\n---\n" + deepest))).Should().NotThrow();
        ((Action)(() => ReadAll(tooDeep))).Should().Throw<YamlException>()
            .WithMessage($"mappings and sequences are nested more than {StrictYamlParser.MaxDepth} levels deep");
    }

    [Fact]
    public void HundredThousandLevels_AreRefusedWithoutExhaustingTheStack()
    {
        var act = () => ReadAll(new string('[', 100_000) + new string(']', 100_000));

        act.Should().Throw<YamlException>().WithMessage("*nested more than*");
    }

    [Fact]
    public void Describe_GivesLineAndColumn()
    {
        var error = new Func<int>(() => ReadAll("ok: 1\nx: &a 1\n")).Should().Throw<YamlException>().Which;

        StrictYamlParser.Describe(error).Should().StartWith("line 2, column 4: anchors (&a) are not allowed");
    }

    [Fact]
    public void KubeConfigParse_UsesTheSameLimits()
    {
        var act = () => KubeConfigLoader.Parse("users:\n- name: u\n  user: &u {token: x}\n- name: v\n  user: *u\n");

        act.Should().Throw<KubeConfigException>().WithMessage("kubeconfig is not valid: line 3, column 9: anchors (&u) are not allowed*");
    }

    [Fact]
    public void KubeConfigParse_RefusesDeepNesting_EvenInAFieldItIgnores()
    {
        var act = () => KubeConfigLoader.Parse("preferences: " + new string('[', 100) + new string(']', 100));

        act.Should().Throw<KubeConfigException>()
            .WithMessage("kubeconfig is not valid: line 1, column 45: mappings and sequences are nested more than 32 levels deep");
    }

    private static int ReadAll(string yaml)
    {
        // The representation model consumes every event, as the real consumers do.
        var stream = new YamlStream();
        stream.Load(new StrictYamlParser(yaml));
        return stream.Documents.Count;
    }
}
