using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using Microsoft.Extensions.Configuration;

namespace ClusterGateway.Gateway.Tests.Proxy.Authorization;

public sealed class SubpathAuthorizationStartupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cg-subpath-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_LocalModeWithAuthorizeProxySubpath_StartupError()
    {
        var options = new GatewayOptions { ClustersDir = _directory, SecurePort = 0, AuthorizeProxySubpath = true };

        var start = () => GatewayApp.StartAsync(options, _ => { }, CancellationToken.None);

        var error = (await start.Should().ThrowAsync<InvalidOperationException>()).Which;
        GatewayApp.IsStartupError(error).Should().BeTrue();
        error.Message.Should().StartWith("--authorize-proxy-subpath sends SubjectAccessReviews to the hub; it cannot be " +
            "used in local mode");
    }

    [Fact]
    public void From_AuthorizeProxySubpathAndProxyConfig_NoLongerRefused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["authorize-proxy-subpath"] = "true", ["cluster-gateway-proxy-config"] = "/rules.yaml",
        }).Build();

        var options = GatewayOptions.From(configuration);

        (options.AuthorizeProxySubpath, options.ClusterGatewayProxyConfig).Should().Be((true, "/rules.yaml"));
    }
}
