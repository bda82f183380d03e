using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Local;

/// <summary>
/// <c>--import-kubeconfig</c> reads its file with the same limits as <c>--clusters-dir</c>: a hostile file stops
/// the start with one clear error line naming the file and the problem (exit code 1, no stack trace), promptly.
/// </summary>
public sealed class ImportKubeconfigHostileFileTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cg-import-" + Guid.NewGuid().ToString("N")[..8]);

    public ImportKubeconfigHostileFileTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory(Timeout = 120_000)]
    [InlineData("alias-bomb", "anchors (&a) are not allowed")]
    [InlineData("deep", "nested more than 32 levels deep")]
    [InlineData("fifo", "is not a regular file but a FIFO")]
    [InlineData("dev-zero", "is not a regular file but a character device")]
    [InlineData("too-big", "more than the limit of 1048576 bytes")]
    public async Task HostileKubeconfig_RefusesToStartWithAClearError(string attack, string problem)
    {
        var file = Path.Combine(_root, attack + ".kubeconfig");
        switch (attack)
        {
            case "alias-bomb":
                await File.WriteAllTextAsync(file, ClustersDirHostileFilesTests.AliasBomb());
                break;
            case "deep":
                await File.WriteAllTextAsync(file, "preferences: " + new string('[', 100_000) + new string(']', 100_000));
                break;
            case "fifo":
                ClustersDirHostileFilesTests.MakeFifo(file);
                break;
            case "dev-zero":
                File.CreateSymbolicLink(file, "/dev/zero");
                break;
            default:
                await File.WriteAllTextAsync(file, "# " + new string('x', 1024 * 1024) + "\n");
                break;
        }

        await using var gateway = GatewayProcess.Start("--import-kubeconfig", file, "--secure-port", "0");
        var exitCode = await gateway.WaitForExitAsync().WaitAsync(TestTimeouts.Long, "the gateway to refuse to start");

        exitCode.Should().Be(1, gateway.Output);
        gateway.Output.Should().Contain($"error: kubeconfig \"{file}\"").And.Contain(problem)
            .And.NotContain("   at ", "a configuration error is not a crash");
    }
}
