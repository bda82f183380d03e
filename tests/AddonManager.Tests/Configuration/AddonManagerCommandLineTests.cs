using System.CommandLine;
using ClusterGateway.AddonManager.Configuration;

namespace ClusterGateway.AddonManager.Tests.Configuration;

/// <summary>The upstream flags (<c>cmd/addon-manager/main.go</c>), their defaults and <c>NAMESPACE</c>.</summary>
public sealed class AddonManagerCommandLineTests
{
    private static AddonManagerOptions Parse(string[] args, string? ns = "cg-system", string? nsFile = null)
    {
        var commandLine = new AddonManagerCommandLine();
        var result = commandLine.Command.Parse(args);
        result.Errors.Should().BeEmpty();
        return commandLine.ToOptions(result, name => string.Equals(name, "NAMESPACE", StringComparison.Ordinal) ? ns : null, () => nsFile);
    }

    [Fact]
    public void Help_Always_ListsUpstreamFlagsWithDefaults()
    {
        using var output = new StringWriter();
        new AddonManagerCommandLine().Command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output });

        var help = output.ToString();
        help.Should().Contain("--leader-elect").And.Contain("--signer-secret-name").And.Contain("--kubeconfig")
            .And.Contain("--metrics-bind-address").And.Contain("--health-probe-bind-address").And.Contain("NAMESPACE");
        help.Should().Contain("[default: cluster-gateway-signer]").And.Contain("[default: :48080]")
            .And.Contain("[default: :48081]").And.Contain("[default: false]");
    }

    [Fact]
    public void ToOptions_NoFlags_UpstreamDefaults()
    {
        var options = Parse([]);

        options.Should().Be(new AddonManagerOptions(false, "cluster-gateway-signer", ":48080", ":48081", null, "cg-system"));
    }

    [Fact]
    public void ToOptions_AllFlags_Read()
    {
        var options = Parse(["--leader-elect=true", "--signer-secret-name", "s", "--metrics-bind-address", "0",
            "--health-probe-bind-address", "127.0.0.1:9000", "--kubeconfig", "/k"]);

        options.Should().Be(new AddonManagerOptions(true, "s", "0", "127.0.0.1:9000", "/k", "cg-system"));
    }

    [Fact]
    public void ToOptions_NoNamespaceEnvironment_ReadsServiceAccountFile()
    {
        Parse([], ns: null, nsFile: "from-file\n").Namespace.Should().Be("from-file");
    }

    [Fact]
    public void ToOptions_NoNamespaceAnywhere_ThrowsUpstreamMessage()
    {
        var act = () => Parse([], ns: null, nsFile: null);

        act.Should().Throw<AddonManagerOptionsException>()
            .WithMessage("the manager should be either running in a container or specify NAMESPACE environment");
    }

    [Theory]
    [InlineData(":48081", "0.0.0.0:48081")]
    [InlineData("127.0.0.1:0", "127.0.0.1:0")]
    [InlineData("localhost:8080", "127.0.0.1:8080")]
    [InlineData("[::1]:8080", "[::1]:8080")]
    public void BindAddress_GoStyle_Parses(string value, string expected)
    {
        BindAddress.Parse(value)!.ToString().Should().Be(expected);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("")]
    public void BindAddress_Zero_Disabled(string value)
    {
        BindAddress.Parse(value).Should().BeNull();
    }

    [Theory]
    [InlineData("48081")]
    [InlineData("host.example:80")]
    [InlineData(":http")]
    public void BindAddress_Invalid_Throws(string value)
    {
        var act = () => BindAddress.Parse(value);

        act.Should().Throw<AddonManagerOptionsException>();
    }

    [Fact]
    public void ToOptions_OperatorFlags_Read()
    {
        var options = Parse(["--install-all", "--cluster-health-interval", "1m30s", "--cluster-health-concurrency", "8",
            "--leader-elect-lease-duration", "6s", "--leader-elect-renew-deadline", "4s", "--leader-elect-retry-period", "500ms"]);

        options.InstallAll.Should().BeTrue();
        options.ClusterHealthInterval.Should().Be(TimeSpan.FromSeconds(90));
        options.ClusterHealthConcurrency.Should().Be(8);
        (options.LeaseDuration, options.RenewDeadline, options.RetryPeriod).Should()
            .Be((TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void InstallationSettings_GatewayHealthProbeFreshness_IsThreeProbeIntervals()
    {
        var options = Parse(["--cluster-health-interval", "1m"]);

        ClusterGateway.AddonManager.Installation.InstallationSettings.From(options).HealthProbeFreshness
            .Should().Be(TimeSpan.FromMinutes(3));
    }

    [Theory]
    [InlineData("--cluster-health-interval", "soon", "*--cluster-health-interval*invalid duration*")]
    [InlineData("--cluster-health-interval", "0", "*--cluster-health-interval*")]
    [InlineData("--cluster-health-concurrency", "0", "*--cluster-health-concurrency must be at least 1*")]
    [InlineData("--leader-elect-renew-deadline", "20s",
        "--leader-elect-lease-duration (15s) must be greater than --leader-elect-renew-deadline (20s)*")]
    [InlineData("--leader-elect-lease-duration", "10s",
        "--leader-elect-lease-duration (10s) must be greater than --leader-elect-renew-deadline (10s)*")]
    [InlineData("--leader-elect-retry-period", "10s",
        "--leader-elect-renew-deadline (10s) must be greater than --leader-elect-retry-period (10s)*")]
    public void ToOptions_InvalidOperatorFlag_ThrowsNamingIt(string flag, string value, string message)
    {
        var act = () => Parse([flag, value]);

        act.Should().Throw<AddonManagerOptionsException>().WithMessage(message);
    }
}
