using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ClusterGateway.TestSupport;

namespace ClusterGateway.E2E.Playground;

/// <summary>
/// The README's first command, <c>dotnet run --project e2e/Playground</c>, run from the repository root as a user
/// runs it; then the real kubectl through the kubeconfig it writes: the clusters are listed, each cluster's proxy
/// answers, a ConfigMap is created in c2, read back and seen by a watch, and exec reaches the pod in c1. SIGTERM
/// stops it and releases every port.
/// </summary>
public sealed partial class PlaygroundTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The README command (only the options after <c>--</c> are the test's).</summary>
    // The README's first command line, exactly as written there (the quickstart's first code block).
    private static readonly string Command = File.ReadLines(Path.Combine(RepositoryPaths.Root, "README.md"))
        .First(line => line.StartsWith("dotnet run --project ", StringComparison.Ordinal)).Trim();

    private static readonly TimeSpan KubectlTimeout = TestTimeouts.Default;

    private readonly string _directory = Directory.CreateTempSubdirectory("cg-playground-test-").FullName;

    [Fact(Timeout = 300_000)]
    public async Task ReadmeCommand_KubectlThroughTheGateway_ListsProxiesWatchesExecsAndStopsCleanly()
    {
        var kubeconfig = Path.Combine(_directory, "gateway.kubeconfig");
        var workDir = Path.Combine(_directory, "work");
        // Free ports and the test's own files, so parallel runs and a user's gateway.kubeconfig are left alone.
        string[] options = ["--", "--port", "0", "--dir", workDir, "--kubeconfig", kubeconfig];
        Command.Should().Be("dotnet run --project e2e/Playground", "the README's first command starts the playground");
        var process = DotnetProcess.StartDotnet(RepositoryPaths.Root, [.. Command.Split(' ')[1..], .. options]);
        await using var running = process;
        try
        {
            // dotnet run builds first: quick when the solution's build is up to date, minutes on a cold machine.
            var ready = await process.WaitForLineAsync(l => l.StartsWith("Playground ready:", StringComparison.Ordinal))
                .WaitAsync(TimeSpan.FromMinutes(4), "the playground's ready line");
            var gateway = new Uri(ReadyGateway().Match(ready).Groups[1].Value);
            var clusterPorts = Directory.GetFiles(Path.Combine(workDir, "clusters"), "*.yaml")
                .Select(f => new Uri(File.ReadLines(f).Single(l => l.TrimStart().StartsWith("endpoint:", StringComparison.Ordinal))
                    .Split("endpoint:")[1].Trim()).Port)
                .ToList();
            clusterPorts.Should().HaveCount(2);

            // Every command the playground prints uses exactly this kubeconfig and these proxy URLs. The block may
            // arrive in several writes: read it once its last line is there.
            await process.WaitForLineAsync(l => l.Trim() == "Ctrl-C stops the playground.")
                .WaitAsync(TestTimeouts.Default, "the end of the playground's instructions");
            var printed = process.Output;
            var proxy = $"{gateway.GetLeftPart(UriPartial.Authority)}/apis/cluster.core.oam.dev/v1alpha1/clustergateways";
            printed.Should().Contain($"kubectl --kubeconfig {kubeconfig} get clustergateways")
                .And.Contain($"--server {proxy}/c1/proxy get ns")
                .And.Contain($"--server {proxy}/c2/proxy get configmaps -w")
                .And.Contain($"--server {proxy}/c1/proxy exec demo -- echo hello from c1");

            var list = await Ok(kubeconfig, "get", "clustergateways", "-o", "name");
            list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should()
                .Equal("clustergateway.cluster.core.oam.dev/c1", "clustergateway.cluster.core.oam.dev/c2");

            // Each cluster's own namespaces: the proxy reached c1, not c2.
            var c1Namespaces = await Ok(kubeconfig, "--server", $"{proxy}/c1/proxy", "get", "ns");
            c1Namespaces.Should().Contain("frontend").And.Contain("default").And.NotContain("backend");
            var c2Namespaces = await Ok(kubeconfig, "--server", $"{proxy}/c2/proxy", "get", "ns", "-o", "name");
            c2Namespaces.Should().Contain("namespace/backend").And.NotContain("frontend");

            var c2 = new[] { "--server", $"{proxy}/c2/proxy" };
            (await Ok(kubeconfig, [.. c2, "create", "configmap", "hello", "--from-literal=greeting=hi"]))
                .Should().Contain("configmap/hello created");
            (await Ok(kubeconfig, [.. c2, "get", "configmap", "hello", "-o", "jsonpath={.data.greeting}"]))
                .Should().Be("hi");
            (await Ok(kubeconfig, "--server", $"{proxy}/c1/proxy", "get", "configmaps", "-o", "name"))
                .Should().NotContain("hello", "the ConfigMap went to c2 only");

            // get -w: the initial list has hello; a ConfigMap created afterwards arrives as a watch event.
            await using (var watch = Kubectl.Start(kubeconfig, [.. c2, "get", "configmaps", "-w", "-o", "name"]))
            {
                await watch.WaitForLineAsync(l => l == "configmap/hello", KubectlTimeout);
                await Ok(kubeconfig, [.. c2, "create", "configmap", "seen-by-watch"]);
                await watch.WaitForLineAsync(l => l == "configmap/seen-by-watch", KubectlTimeout);
            }

            (await Ok(kubeconfig, "--server", $"{proxy}/c1/proxy", "exec", "demo", "--", "echo", "hello", "from", "c1"))
                .Should().Be("hello from c1\n");

            // SIGTERM to dotnet run reaches the playground: everything stops, every port is released.
            await process.TerminateAsync();
            await process.WaitForExitAsync().WaitAsync(TestTimeouts.Default, "the playground to exit");
            process.ExitCode.Should().Be(0, process.Output);
            process.Output.Should().Contain("Playground stopped.");
            foreach (var port in clusterPorts.Append(gateway.Port))
            {
                await AssertNothingListensAsync(port);
            }
        }
        finally
        {
            output.WriteLine(process.Output);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<string> Ok(string kubeconfig, params string[] args)
    {
        var result = await Kubectl.RunAsync(kubeconfig, args, timeout: KubectlTimeout);
        result.ExitCode.Should().Be(0, $"kubectl {string.Join(' ', args)}: {result.StdErr}");
        return result.StdOut;
    }

    private static async Task AssertNothingListensAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var connect = async () => await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port))
            .WaitAsync(TestTimeouts.Short);
        (await connect.Should().ThrowAsync<SocketException>($"port {port} should be released"))
            .Which.SocketErrorCode.Should().Be(SocketError.ConnectionRefused);
    }

    [GeneratedRegex(@"gateway (https://[^,\s]+),")]
    private static partial Regex ReadyGateway();
}
