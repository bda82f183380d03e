using ClusterGateway.E2E.Processes;
using ClusterGateway.TestSupport;
using ClusterGateway.TestSupport.Charts;

namespace ClusterGateway.E2E.Journey;

/// <summary>The real helm, found as the chart tests find it (<see cref="HelmTool"/>).</summary>
internal static class Helm
{
    /// <summary><c>helm template cg charts/addon-manager -n NS --set …</c>: the rendered YAML.</summary>
    public static async Task<string> TemplateAsync(string @namespace, IEnumerable<string> setValues, CancellationToken ct)
    {
        var arguments = new List<string> { "template", "cg", RepositoryPaths.Combine("charts", "addon-manager"), "--namespace", @namespace };
        foreach (var value in setValues)
        {
            arguments.Add("--set");
            arguments.Add(value);
        }

        var result = await ToolProcess.RunAsync(await HelmTool.LocateAsync(RepositoryPaths.Root), arguments, RepositoryPaths.Root, TestTimeouts.Default);
        ct.ThrowIfCancellationRequested();
        return result.ExitCode == 0
            ? result.StdOut
            : throw new InvalidOperationException($"helm template failed ({result.ExitCode}): {result.StdErr}");
    }
}
