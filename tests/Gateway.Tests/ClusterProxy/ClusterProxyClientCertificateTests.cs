using System.Net;

namespace ClusterGateway.Gateway.Tests.ClusterProxy;

/// <summary>A client certificate the cluster-proxy server rejects is named as the cause of the 503.</summary>
public sealed class ClusterProxyClientCertificateTests
{
    [Theory(Timeout = 90_000)]
    [MemberData(nameof(ClusterProxyFixture.Frontends), MemberType = typeof(ClusterProxyFixture))]
    public async Task UntrustedClientCertificate_Answers503NamingTheRejectedCertificate(string frontend)
    {
        await using var env = await ClusterProxyEnvironment.StartAsync(frontend, untrustedClientCertificate: true);
        using var client = env.Hub.CreateGatewayClient();

        var (status, message) = await ClusterProxyTransportTests.GetStatusAsync(client,
            ClusterProxyTransportTests.Path("proxied", "api/v1/namespaces/default/configmaps"));

        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        message.Should().StartWith("cluster proxied is unreachable: ")
            .And.Contain("rejected the gateway's client certificate");
        message.Should().NotContainAny("disposed", "SslStream", "Exception");
        env.Managed.Requests.Count.Should().Be(0);
    }
}
