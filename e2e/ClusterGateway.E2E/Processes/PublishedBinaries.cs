using System.Reflection;
using ClusterGateway.TestSupport;

namespace ClusterGateway.E2E.Processes;

/// <summary>
/// The gateway and the addon-manager as the container images hold them: <c>dotnet publish -p:UseAppHost=false</c>
/// output, published once per test run (with <c>--no-build</c>: the e2e project builds both first) into
/// <c>published/</c> beside the test assembly, started as the Dockerfiles' ENTRYPOINT does (<c>dotnet ClusterGateway.X.dll</c>).
/// </summary>
internal sealed class PublishedBinaries
{
    private static readonly Lazy<Task<PublishedBinaries>> Instance = new(PublishAsync);

    private PublishedBinaries(string gatewayDll, string addonManagerDll)
    {
        GatewayDll = gatewayDll;
        AddonManagerDll = addonManagerDll;
    }

    /// <summary>Path of the published <c>ClusterGateway.Gateway.dll</c>.</summary>
    public string GatewayDll { get; }

    /// <summary>Path of the published <c>ClusterGateway.AddonManager.dll</c>.</summary>
    public string AddonManagerDll { get; }

    /// <summary>Publishes both (once per process) and returns their entry assemblies.</summary>
    public static Task<PublishedBinaries> GetAsync() => Instance.Value;

    private static async Task<PublishedBinaries> PublishAsync()
    {
        // The configuration this test assembly was built with: --no-build needs the matching build output.
        var configuration = typeof(PublishedBinaries).Assembly
            .GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        // Beside the test output, not under /tmp: a pod's emptyDir is mounted at /tmp in its mount namespace.
        // One directory, overwritten by each run (the test host may be killed before any cleanup runs).
        var root = Path.Combine(AppContext.BaseDirectory, "published");
        var gateway = Path.Combine(root, "gateway");
        var manager = Path.Combine(root, "addon-manager");
        await Task.WhenAll(
            PublishOneAsync(RepositoryPaths.Combine("src", "Gateway", "ClusterGateway.Gateway.csproj"), configuration, gateway),
            PublishOneAsync(RepositoryPaths.Combine("src", "AddonManager", "ClusterGateway.AddonManager.csproj"), configuration, manager));
        return new PublishedBinaries(
            Path.Combine(gateway, "ClusterGateway.Gateway.dll"),
            Path.Combine(manager, "ClusterGateway.AddonManager.dll"));
    }

    private static async Task PublishOneAsync(string project, string configuration, string output)
    {
        var result = await ToolProcess.RunAsync("dotnet",
            ["publish", project, "-c", configuration, "--no-build", "-p:UseAppHost=false", "-o", output, "-nologo",
             "-v", "q"],
            RepositoryPaths.Root, TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet publish {project} failed ({result.ExitCode}):\n{result.StdOut}\n{result.StdErr}");
        }
    }
}
