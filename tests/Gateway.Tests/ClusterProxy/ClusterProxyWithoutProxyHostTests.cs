using System.Net;

namespace ClusterGateway.Gateway.Tests.ClusterProxy;

/// <summary>A gateway without <c>--proxy-host</c> starts, and its ClusterProxy clusters answer a 503 naming the flag.</summary>
public sealed class ClusterProxyWithoutProxyHostTests : IAsyncLifetime
{
    private ClusterProxyEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await ClusterProxyEnvironment.StartAsync(frontend: null);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task ClusterProxyCluster_WithoutProxyHost_Answers503NamingTheFlag()
    {
        using var client = _env.Hub.CreateGatewayClient();

        var (status, message) = await ClusterProxyTransportTests.GetStatusAsync(client,
            ClusterProxyTransportTests.Path("proxied", "api/v1/namespaces/default/configmaps"));

        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        message.Should().Contain("\"proxied\"").And.Contain("--proxy-host");
        _env.Konnectivity.GrpcDials.Should().Be(0);
        _env.Managed.Requests.Count.Should().Be(0);
    }
}
