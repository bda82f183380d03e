using ClusterGateway.AddonManager.Installation;
using ClusterGateway.AddonManager.Tests.Desired;

namespace ClusterGateway.AddonManager.Tests.Installation;

public sealed class SpecCheckTests
{
    [Fact]
    public void FindProblem_ValidSamples_None()
    {
        SpecCheck.FindProblem(DesiredFixtures.Direct().Spec).Should().BeNull();
        SpecCheck.FindProblem(DesiredFixtures.ClusterProxy().Spec).Should().BeNull();
    }

    [Theory]
    [InlineData("image", "", "spec.image")]
    [InlineData("installNamespace", "", "spec.installNamespace is required")]
    [InlineData("installNamespace", "Vela_System", "spec.installNamespace")]
    [InlineData("secretNamespace", "-bad", "spec.secretNamespace")]
    [InlineData("egress", "Tunnel", "spec.egress.type")]
    [InlineData("port", "0", "proxyServerPort")]
    [InlineData("host", "", "proxyServerHost")]
    [InlineData("caSecret", "", "proxyClientCASecretName")]
    [InlineData("clientSecret", "Bad/Name", "proxyClientSecretName")]
    public void FindProblem_BadField_NamesIt(string field, string value, string expected)
    {
        var spec = DesiredFixtures.ClusterProxy().Spec;
        var proxy = spec.Egress.ClusterProxy!;
        switch (field)
        {
            case "image": spec.Image = value; break;
            case "installNamespace": spec.InstallNamespace = value; break;
            case "secretNamespace": spec.SecretNamespace = value; break;
            case "egress": spec.Egress.Type = value; break;
            case "port": proxy.ProxyServerPort = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "host": proxy.ProxyServerHost = value; break;
            case "caSecret": proxy.Credentials.ProxyClientCASecretName = value; break;
            default: proxy.Credentials.ProxyClientSecretName = value; break;
        }

        SpecCheck.FindProblem(spec).Should().Contain(expected);
    }
}
