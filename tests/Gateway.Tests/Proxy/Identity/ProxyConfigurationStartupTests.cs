using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Hosting;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Proxy.Identity;

/// <summary>An invalid <c>--cluster-gateway-proxy-config</c> is a startup error naming the rule.</summary>
public sealed class ProxyConfigurationStartupTests : IDisposable
{
    private const string InvalidRules = """
        apiVersion: cluster.core.oam.dev/v1alpha1
        kind: ClusterGatewayProxyConfiguration
        spec:
          clientIdentityExchanger:
            rules:
              - { name: fine, type: PrivilegedIdentityExchanger, source: { group: sudoer } }
              - { name: typo, type: StaticMappingIdentityExchanger, source: { usr: alice }, target: { user: bob } }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("cg-rules-startup-").FullName;

    private string Clusters => Directory.CreateDirectory(Path.Combine(_directory, "clusters")).FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_InvalidRuleInGlobalFile_StartupErrorNamingRuleAndField()
    {
        var file = await WriteAsync(InvalidRules);
        var options = new GatewayOptions
        {
            ClustersDir = Clusters, SecurePort = 0, ClusterGatewayProxyConfig = file,
        };

        var start = () => GatewayApp.StartAsync(options, _ => { }, CancellationToken.None);

        var error = (await start.Should().ThrowAsync<InvalidOperationException>()).Which;
        GatewayApp.IsStartupError(error).Should().BeTrue();
        error.Message.Should().Be($"--cluster-gateway-proxy-config {file} is invalid: rule \"typo\" " +
            "(spec.clientIdentityExchanger.rules[1]): source.usr: unknown field (known: user, group, uid, cluster, " +
            "userPattern, groupPattern, clusterPattern)");
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_MissingFile_StartupErrorNamingFlag()
    {
        var options = new GatewayOptions
        {
            ClustersDir = Clusters, SecurePort = 0, ClusterGatewayProxyConfig = Path.Combine(_directory, "nope.yaml"),
        };

        var start = () => GatewayApp.StartAsync(options, _ => { }, CancellationToken.None);

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .StartWith("--cluster-gateway-proxy-config ").And.Contain("cannot be read");
    }

    [Fact(Timeout = 120_000)]
    public async Task Binary_InvalidRuleInGlobalFile_ExitsWithTheErrorOnStderr()
    {
        var file = await WriteAsync(InvalidRules);

        await using var gateway = GatewayProcess.Start(
            "--clusters-dir", Clusters, "--secure-port", "0", "--cluster-gateway-proxy-config", file);
        var serving = () => gateway.Serving.WaitAsync(TestTimeouts.Long, "the gateway to exit");

        (await serving.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Contain("The gateway exited with 1").And.Contain($"error: --cluster-gateway-proxy-config {file} is invalid: rule \"typo\"");
    }

    private async Task<string> WriteAsync(string text)
    {
        var file = Path.Combine(_directory, "proxy-config.yaml");
        await File.WriteAllTextAsync(file, text);
        return file;
    }
}
