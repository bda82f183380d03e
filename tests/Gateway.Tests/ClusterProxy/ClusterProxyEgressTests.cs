using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Egress;

namespace ClusterGateway.Gateway.Tests.ClusterProxy;

/// <summary>The shared cluster-proxy dialer is built from the flags; unreadable files name their flag.</summary>
public sealed class ClusterProxyEgressTests
{
    [Fact]
    public void Create_WithoutProxyHost_HasNoDialer()
    {
        using var egress = ClusterProxyEgress.Create(new GatewayOptions());

        egress.Dialer.Should().BeNull();
        egress.Server.Should().BeNull();
    }

    [Fact]
    public void Create_MissingCaFile_FailsNamingTheFlag()
    {
        var options = new GatewayOptions
        {
            ProxyHost = "proxy", ProxyCaCert = "/nonexistent/ca.crt", ProxyCert = "/nonexistent/tls.crt",
            ProxyKey = "/nonexistent/tls.key",
        };

        var act = () => ClusterProxyEgress.Create(options);

        act.Should().Throw<InvalidOperationException>().WithMessage("--proxy-ca-cert /nonexistent/ca.crt: *");
    }

    [Fact]
    public void Create_EmptyCaFile_FailsNamingTheFlag()
    {
        var ca = Path.GetTempFileName();
        try
        {
            var options = new GatewayOptions
            {
                ProxyHost = "proxy", ProxyCaCert = ca, ProxyCert = "/nonexistent/tls.crt", ProxyKey = "/nonexistent/tls.key",
            };

            var act = () => ClusterProxyEgress.Create(options);

            act.Should().Throw<InvalidOperationException>().WithMessage("--proxy-ca-cert *: no PEM certificate found");
        }
        finally
        {
            File.Delete(ca);
        }
    }
}
