using ClusterGateway.Kube.Config;

namespace ClusterGateway.Kube.Tests.Config;

public sealed class KubeConfigLoaderTests
{
    [Fact]
    public void Load_Fixture_ParsesEveryList()
    {
        var config = KubeConfigLoader.Load(Assets.Path("kubeconfig.yml"));

        config.CurrentContext.Should().Be("inline");
        config.Clusters.Should().HaveCount(7);
        config.Users.Should().HaveCount(9);
        KubeConfigLoader.Contexts(config).Should().StartWith(["inline", "files", "token"]).And.HaveCount(17);
    }

    [Fact]
    public void Load_RelativePaths_ResolveAgainstTheFilesDirectory()
    {
        var config = KubeConfigLoader.Load(Assets.Path("kubeconfig.yml"));

        config.Clusters!.Single(c => c.Name == "files-cluster").Cluster!.CertificateAuthority
            .Should().Be(Assets.Path("certs", "ca.crt"));
        var user = config.Users!.Single(u => u.Name == "files-user").User!;
        user.ClientCertificate.Should().Be(Assets.Path("certs", "client.crt"));
        user.ClientKey.Should().Be(Assets.Path("certs", "client.key"));
        config.Users!.Single(u => u.Name == "tokenfile-user").User!.TokenFile.Should().Be(Assets.Path("token.txt"));
    }

    [Fact]
    public void Load_ExecCommand_ResolvedOnlyWhenItHasAPathSeparator()
    {
        var config = KubeConfigLoader.Load(Assets.Path("kubeconfig.yml"));

        config.Users!.Single(u => u.Name == "exec-user").User!.Exec!.Command.Should().Be(Assets.Path("bin", "get-token"));
        config.Users!.Single(u => u.Name == "path-exec-user").User!.Exec!.Command.Should().Be("kubelogin");
    }

    [Fact]
    public void Load_ExecConfig_IsParsedAsAModel()
    {
        var config = KubeConfigLoader.Load(Assets.Path("kubeconfig.yml"));

        var exec = config.Users!.Single(u => u.Name == "exec-user").User!.Exec!;
        exec.ApiVersion.Should().Be("client.authentication.k8s.io/v1");
        exec.Args.Should().Equal("--cluster", "prod");
        exec.Env.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = "AWS_PROFILE", Value = "prod" });
        exec.ProvideClusterInfo.Should().BeTrue();
        exec.InteractiveMode.Should().Be("Never");
    }

    [Fact]
    public void Load_JsonKubeconfig_IsAccepted()
    {
        var config = KubeConfigLoader.Load(Assets.Path("kubeconfig.json"));

        var context = KubeConfigLoader.Resolve(config);
        context.ContextName.Should().Be("json");
        context.Server.Should().Be(new Uri("https://json.example.com"));
        context.Token.Should().Be("json-token");
        context.Namespace.Should().Be("j");
        context.CertificateAuthorityPem.Should().Equal(Assets.Bytes("certs", "ca.crt"));
        context.Exec!.Command.Should().Be("aws");
        context.Exec.Args.Should().BeNull();
    }

    [Fact]
    public void Load_EmptyFile_GivesAnEmptyConfig()
    {
        var config = KubeConfigLoader.Load(Assets.Path("empty.yml"));

        KubeConfigLoader.Contexts(config).Should().BeEmpty();
        config.CurrentContext.Should().BeNull();
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingThePath()
    {
        var path = Assets.Path("nope.yml");

        var act = () => KubeConfigLoader.Load(path);

        act.Should().Throw<KubeConfigException>().WithMessage($"*\"{path}\" cannot be read*");
    }

    [Fact]
    public void Load_InvalidYaml_ThrowsNamingThePath()
    {
        var act = () => KubeConfigLoader.Load(Assets.Path("invalid.yml"));

        act.Should().Throw<KubeConfigException>().WithMessage("*invalid.yml\" is not valid*");
    }

    [Fact]
    public void Load_DuplicateNames_Throw()
    {
        var act = () => KubeConfigLoader.Load(Assets.Path("duplicate.yml"));

        act.Should().Throw<KubeConfigException>().WithMessage("*duplicate cluster name \"twice\"*");
    }

    [Fact]
    public void LoadMerged_FirstFileToSetANameWins()
    {
        var config = KubeConfigLoader.LoadMerged([Assets.Path("merge", "first.yml"), Assets.Path("merge", "second.yml")]);

        config.Clusters!.Select(c => c.Name).Should().Equal("shared", "only-first", "only-second");
        config.Clusters![0].Cluster!.Server.Should().Be("https://first.example.com");
        config.Users!.Single(u => u.Name == "shared-user").User!.Token.Should().Be("first-token");
        var shared = KubeConfigLoader.Resolve(config, "shared");
        shared.Namespace.Should().Be("first");
        shared.Server.Should().Be(new Uri("https://first.example.com"));
    }

    [Fact]
    public void LoadMerged_CurrentContext_ComesFromTheFirstFileThatSetsIt()
    {
        var config = KubeConfigLoader.LoadMerged(
        [
            Assets.Path("merge", "first.yml"), Assets.Path("merge", "second.yml"), Assets.Path("merge", "third.yml"),
        ]);

        config.CurrentContext.Should().Be("from-second");
        KubeConfigLoader.Contexts(config).Should().Equal("shared", "from-second", "from-third");
    }

    [Fact]
    public void LoadMerged_RelativePaths_ResolveAgainstTheirOwnFile()
    {
        var config = KubeConfigLoader.LoadMerged([Assets.Path("merge", "first.yml"), Assets.Path("merge", "second.yml")]);

        var context = KubeConfigLoader.Resolve(config, "from-second");

        context.CertificateAuthorityPem.Should().Equal(Assets.Bytes("certs", "ca.crt"));
        context.TokenFile.Should().Be(Assets.Path("token.txt"));
        context.Token.Should().Be("fixture-token-from-file");
    }

    [Fact]
    public void LoadFromList_SkipsMissingAndEmptyEntriesAndDuplicates()
    {
        var list = string.Join(Path.PathSeparator,
            Assets.Path("merge", "missing.yml"), "", Assets.Path("merge", "third.yml"), Assets.Path("merge", "first.yml"),
            Assets.Path("merge", "third.yml"));

        var config = KubeConfigLoader.LoadFromList(list)!;

        config.CurrentContext.Should().Be("from-third");
        KubeConfigLoader.Contexts(config).Should().Equal("from-third", "shared");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void LoadFromList_Unset_ReturnsNull(string? list) =>
        KubeConfigLoader.LoadFromList(list).Should().BeNull();

    [Fact]
    public void LoadFromList_NoFileExists_Throws()
    {
        var act = () => KubeConfigLoader.LoadFromList(Assets.Path("a.yml") + Path.PathSeparator + Assets.Path("b.yml"));

        act.Should().Throw<KubeConfigException>().WithMessage("none of the kubeconfig files exists*a.yml*b.yml");
    }

    [Fact]
    public void Parse_WithoutBaseDirectory_LeavesPathsAlone()
    {
        var config = KubeConfigLoader.Parse("clusters:\n- name: c\n  cluster: {server: https://x, certificate-authority: ca.pem}\n");

        config.Clusters![0].Cluster!.CertificateAuthority.Should().Be("ca.pem");
    }
}
