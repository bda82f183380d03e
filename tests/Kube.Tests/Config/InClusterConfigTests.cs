using ClusterGateway.Kube.Config;

namespace ClusterGateway.Kube.Tests.Config;

public sealed class InClusterConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("incluster-").FullName;

    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal)
    {
        ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1",
        ["KUBERNETES_SERVICE_PORT"] = "443",
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Load_ServiceAccountDirectory_GivesServerCaTokenAndNamespace()
    {
        File.WriteAllText(Path.Combine(_dir, "token"), "sa-token\n");
        File.Copy(Assets.Path("certs", "ca.crt"), Path.Combine(_dir, "ca.crt"));
        File.WriteAllText(Path.Combine(_dir, "namespace"), "gateway-system");

        var options = InClusterConfig.Load(_dir, Env, null);

        options.Server.Should().Be(new Uri("https://10.96.0.1:443"));
        options.CaCertificates.Should().ContainSingle().Which.Subject.Should().Be("CN=fixture-ca");
        options.Namespace.Should().Be("gateway-system");
        options.TokenSource.Should().BeOfType<FileTokenSource>();
        (await options.TokenSource!.GetTokenAsync(CancellationToken.None)).Should().Be("sa-token");
    }

    [Fact]
    public void Load_Ipv6Host_IsBracketed()
    {
        File.WriteAllText(Path.Combine(_dir, "token"), "t");
        _env["KUBERNETES_SERVICE_HOST"] = "fd00::1";

        InClusterConfig.Load(_dir, Env, null).Server.Should().Be(new Uri("https://[fd00::1]:443"));
    }

    [Fact]
    public void Load_NoCaFile_UsesSystemRoots()
    {
        File.WriteAllText(Path.Combine(_dir, "token"), "t");

        var options = InClusterConfig.Load(_dir, Env, null);

        options.CaCertificates.Should().BeNull();
        options.Namespace.Should().BeNull();
    }

    [Fact]
    public void Load_NoServiceVariables_ThrowsNotInCluster()
    {
        File.WriteAllText(Path.Combine(_dir, "token"), "t");
        _env.Remove("KUBERNETES_SERVICE_PORT");

        var act = () => InClusterConfig.Load(_dir, Env, null);

        act.Should().Throw<KubeConfigException>().WithMessage("not running in a cluster*");
        InClusterConfig.IsAvailableIn(_dir, Env).Should().BeFalse();
    }

    [Fact]
    public void Load_NoToken_ThrowsNamingTheFile()
    {
        var act = () => InClusterConfig.Load(_dir, Env, null);

        act.Should().Throw<KubeConfigException>().WithMessage($"in-cluster token \"{Path.Combine(_dir, "token")}\"*");
        InClusterConfig.IsAvailableIn(_dir, Env).Should().BeFalse();
    }

    [Fact]
    public void IsAvailable_VariablesAndToken_True()
    {
        File.WriteAllText(Path.Combine(_dir, "token"), "t");

        InClusterConfig.IsAvailableIn(_dir, Env).Should().BeTrue();
    }

    private string? Env(string name) => _env.GetValueOrDefault(name);
}
