using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Configuration;
using ClusterGateway.Gateway.Health;
using ClusterGateway.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterGateway.Gateway.Tests.Health;

/// <summary>In local mode (no hub Secret source to preview writes with) the writer still resolves and answers 405.</summary>
public sealed class HealthWriterLocalModeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cg-health-local-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact(Timeout = 30_000)]
    public async Task WriteAsync_LocalMode_MethodNotAllowed()
    {
        await using var gateway = await GatewayApp.StartAsync(
            new GatewayOptions { ClustersDir = _directory, SecurePort = 0 }, _ => { }, CancellationToken.None);

        var (written, failure) = await gateway.Services.GetRequiredService<HealthWriter>()
            .WriteAsync("a", new ClusterGatewayStatus { Healthy = true }, null, CancellationToken.None);

        written.Should().BeNull();
        failure!.Code.Should().Be(405);
        failure.Message.Should().Contain("hub mode");
    }
}
