using ClusterGateway.Gateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace ClusterGateway.Gateway.Tests.Configuration;

/// <summary>The cluster-proxy egress flags: with <c>--proxy-host</c>, the CA, certificate and key are required.</summary>
public sealed class ProxyFlagsTests
{
    [Fact]
    public void ProxyFlags_AllGiven_BecomeOptions()
    {
        var options = Parse(["--proxy-host", "proxy-entrypoint.open-cluster-management-addon", "--proxy-port", "8091",
            "--proxy-ca-cert", "/ca.crt", "--proxy-cert", "/tls.crt", "--proxy-key", "/tls.key",
            "--proxy-frontend", "http-connect"]);

        options.ProxyHost.Should().Be("proxy-entrypoint.open-cluster-management-addon");
        options.ProxyPort.Should().Be(8091);
        (options.ProxyCaCert, options.ProxyCert, options.ProxyKey).Should().Be(("/ca.crt", "/tls.crt", "/tls.key"));
        options.ProxyFrontend.Should().Be("http-connect");
    }

    [Fact]
    public void ProxyHost_WithoutCertificates_IsAClearStartupError()
    {
        var act = () => Parse(["--proxy-host", "proxy", "--proxy-ca-cert", "/ca.crt"]);

        act.Should().Throw<GatewayOptionsException>()
            .WithMessage("--proxy-host requires --proxy-ca-cert, --proxy-cert and --proxy-key (missing: --proxy-cert, --proxy-key).");
    }

    [Fact]
    public void ProxyPort_OutOfRange_IsAnError()
    {
        var act = () => Parse(["--proxy-port", "70000"]);

        act.Should().Throw<GatewayOptionsException>().WithMessage("--proxy-port must be between 1 and 65535*");
    }

    [Fact]
    public void NoProxyHost_CertificateFlagsAlone_AreAccepted()
    {
        var options = Parse(["--proxy-ca-cert", "/ca.crt"]);

        options.ProxyHost.Should().BeNull();
    }

    private static GatewayOptions Parse(string[] args)
    {
        var (command, flags) = GatewayCommandLine.Build();
        var result = command.Parse(args);
        result.Errors.Should().BeEmpty();
        var values = GatewayCommandLine.ToConfiguration(result, flags, _ => null);
        return GatewayOptions.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
