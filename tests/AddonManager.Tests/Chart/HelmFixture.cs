using ClusterGateway.TestSupport.Charts;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Chart;

/// <summary>
/// Shared by the chart tests: finds helm (HELM, then <c>helm</c> on PATH, then <c>.cache/layer/helm/helm</c>, else runs
/// <c>.ci/install-tools</c> once so that <c>dotnet test</c> works on a fresh machine) and renders the chart, caching
/// each distinct set of values.
/// </summary>
public sealed class HelmFixture : IAsyncLifetime
{
    /// <summary>The release namespace every render uses.</summary>
    public const string ReleaseNamespace = "cg-system";

    private readonly ConcurrentDictionary<string, Task<IReadOnlyList<JsonObject>>> _renders = new();
    private string? _helm;

    public string RepositoryRoot => RepositoryPaths.Root;

    public string ChartDirectory => Path.Combine(RepositoryRoot, "charts", "addon-manager");

    public string Helm => _helm ?? throw new InvalidOperationException("the fixture is not initialised");

    public async Task InitializeAsync() => _helm = await HelmTool.LocateAsync(RepositoryRoot);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs helm in the repository root with <see cref="TestTimeouts.Default"/>.</summary>
    public Task<ToolResult> RunAsync(params string[] arguments) =>
        ToolProcess.RunAsync(Helm, arguments, RepositoryRoot, TestTimeouts.Default);

    /// <summary>
    /// <c>helm template cg charts/addon-manager -n cg-system --set …</c>, parsed: every rendered object (CRDs excluded,
    /// as helm template does by default). Fails the test when helm fails.
    /// </summary>
    public Task<IReadOnlyList<JsonObject>> RenderAsync(params string[] setValues) =>
        _renders.GetOrAdd(string.Join('\n', setValues), _ => RenderUncachedAsync(setValues));

    private async Task<IReadOnlyList<JsonObject>> RenderUncachedAsync(string[] setValues)
    {
        var arguments = new List<string> { "template", "cg", ChartDirectory, "--namespace", ReleaseNamespace };
        foreach (var value in setValues)
        {
            arguments.Add("--set");
            arguments.Add(value);
        }

        var result = await ToolProcess.RunAsync(Helm, arguments, RepositoryRoot, TestTimeouts.Default);
        result.ExitCode.Should().Be(0, "helm template must render ({0})", result.StdErr);
        return [.. YamlJson.ParseDocuments(result.StdOut).Select(d => d.AsObject())];
    }
}

/// <summary>The chart tests share one <see cref="HelmFixture"/> (one helm lookup, cached renders).</summary>
[CollectionDefinition(Name)]
public sealed class HelmCollection : ICollectionFixture<HelmFixture>
{
    public const string Name = "helm";
}
