using ClusterGateway.Gateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace ClusterGateway.Gateway.Tests.Configuration;

public sealed class GatewayOptionsTests
{
    [Fact]
    public void CommandLine_UpstreamFlagForms_BecomeOptions()
    {
        var options = Parse(["--secret-namespace=vela-system", "--ocm-integration", "--secure-port", "8443",
            "--feature-gates=HealthinessCheck=false,ClientIdentityPenetration=true", "--clusters-dir", "/tmp/c"]);

        options.SecretNamespace.Should().Be("vela-system");
        options.OcmIntegration.Should().BeTrue();
        options.SecurePort.Should().Be(8443);
        options.Features.Should().Be(FeatureGates.Default with { HealthinessCheck = false, ClientIdentityPenetration = true });
        options.IsLocalMode.Should().BeTrue();
        options.EffectiveBindAddress.Should().Be("127.0.0.1");
    }

    [Fact]
    public void Defaults_HubMode_MatchTheContract()
    {
        var options = Parse([]);

        options.SecretNamespace.Should().Be("open-cluster-management-credentials");
        options.SecurePort.Should().Be(9443);
        options.IsLocalMode.Should().BeFalse();
        options.EffectiveBindAddress.Should().Be("0.0.0.0");
        options.Features.HealthinessCheck.Should().BeTrue();
        options.HealthProbeFreshness.Should().Be(TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void HealthProbeFreshness_GoDuration_Read()
    {
        Parse(["--health-probe-freshness=1m30s"]).HealthProbeFreshness.Should().Be(TimeSpan.FromSeconds(90));
        Parse(["--health-probe-freshness=0s"]).HealthProbeFreshness.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Environment_SetsFlags_CommandLineWins()
    {
        var environment = new Dictionary<string, string>
        {
            ["CLUSTERGATEWAY_SECRET_NAMESPACE"] = "from-env",
            ["CLUSTERGATEWAY_SECURE_PORT"] = "7443",
        };

        var options = Parse(["--secure-port=6443"], environment);

        options.SecretNamespace.Should().Be("from-env");
        options.SecurePort.Should().Be(6443);
    }

    [Theory]
    [InlineData("--feature-gates=Nope=true", "unknown gate \"Nope\"")]
    [InlineData("--feature-gates=HealthinessCheck=maybe", "is not Name=true|false")]
    [InlineData("--tls-cert-file=/a.crt", "must be given together")]
    [InlineData("--log-format=xml", "text or json")]
    [InlineData("--health-probe-freshness=soon", "--health-probe-freshness must be a duration")]
    public void Invalid_Values_AreRejectedWithTheFlagName(string flag, string message)
    {
        var act = () => Parse([flag]);

        act.Should().Throw<GatewayOptionsException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void HubAndLocalMode_Together_AreRejected()
    {
        var act = () => Parse(["--kubeconfig=/hub", "--import-kubeconfig=/local"]);

        act.Should().Throw<GatewayOptionsException>().WithMessage("*cannot be combined*");
    }

    [Fact]
    public void ShutdownFlags_DefaultTo30sAndNoDelay_AndParseGoDurations()
    {
        var defaults = Parse([]);
        defaults.ShutdownGracePeriod.Should().Be(TimeSpan.FromSeconds(30));
        defaults.ShutdownDelayDuration.Should().Be(TimeSpan.Zero);

        var options = Parse(["--shutdown-grace-period=1m30s", "--shutdown-delay-duration=5s"]);

        options.ShutdownGracePeriod.Should().Be(TimeSpan.FromSeconds(90));
        options.ShutdownDelayDuration.Should().Be(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("--shutdown-delay-duration=30s", "*must be shorter than --shutdown-grace-period*")]
    [InlineData("--shutdown-grace-period=soon", "*--shutdown-grace-period must be a duration*")]
    public void ShutdownFlags_Invalid_AreRejected(string flag, string message)
    {
        var act = () => Parse([flag]);

        act.Should().Throw<GatewayOptionsException>().WithMessage(message);
    }

    [Fact]
    public void ExposeClusterCredentialsGate_DefaultsToFalse_AndParsesLikeTheOtherGates()
    {
        Parse([]).Features.ExposeClusterCredentials.Should().BeFalse();
        Parse(["--feature-gates=ExposeClusterCredentials=true,HealthinessCheck=false"]).Features.Should()
            .Match<FeatureGates>(gates => gates.ExposeClusterCredentials && !gates.HealthinessCheck);
    }

    [Fact]
    public void Help_ListsEveryFlagWithItsDefault()
    {
        var (command, _) = GatewayCommandLine.Build();
        var output = new StringWriter();

        command.Parse(["--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = output });

        foreach (var flag in GatewayFlags.All)
        {
            output.ToString().Should().Contain("--" + flag.Name);
        }

        output.ToString().Should().Contain("[default: open-cluster-management-credentials]");
    }

    private static GatewayOptions Parse(string[] args, Dictionary<string, string>? environment = null)
    {
        var (command, flags) = GatewayCommandLine.Build();
        var result = command.Parse(args);
        result.Errors.Should().BeEmpty();
        var values = GatewayCommandLine.ToConfiguration(result, flags,
            name => environment is not null && environment.TryGetValue(name, out var v) ? v : null);
        return GatewayOptions.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
