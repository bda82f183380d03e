using ClusterGateway.TestSupport.Charts;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Chart;

/// <summary>
/// Shared by the charts/cluster-gateway tests: finds helm (HELM, then <c>helm</c> on PATH, then
/// <c>.cache/layer/helm/helm</c>, else runs <c>.ci/install-tools</c> once so that <c>dotnet test</c> works on a fresh
/// machine) and renders the chart, caching each distinct set of values.
/// </summary>
public sealed class GatewayChartFixture : IAsyncLifetime
{
    /// <summary>The release namespace every render uses.</summary>
    public const string ReleaseNamespace = "cg-system";

    /// <summary>The gateway's ServiceAccount (the chart's default name).</summary>
    public const string ServiceAccount = "cluster-gateway";

    /// <summary>The user the gateway's ServiceAccount authenticates as.</summary>
    public const string ServiceAccountUser = "system:serviceaccount:" + ReleaseNamespace + ":" + ServiceAccount;

    private readonly ConcurrentDictionary<string, Task<IReadOnlyList<JsonObject>>> _renders = new();
    private string? _helm;

    public string RepositoryRoot => RepositoryPaths.Root;

    public string ChartDirectory => Path.Combine(RepositoryRoot, "charts", "cluster-gateway");

    /// <summary>A values file that sets every option of the chart (tests/Gateway.Tests/assets/chart).</summary>
    public static string AllOptionsValues => Path.Combine(AppContext.BaseDirectory, "assets", "chart", "all-options.values.yaml");

    public string Helm => _helm ?? throw new InvalidOperationException("the fixture is not initialised");

    public async Task InitializeAsync() => _helm = await HelmTool.LocateAsync(RepositoryRoot);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs helm in the repository root with <see cref="TestTimeouts.Default"/>.</summary>
    public Task<ToolResult> RunAsync(params string[] arguments) =>
        ToolProcess.RunAsync(Helm, arguments, RepositoryRoot, TestTimeouts.Default);

    /// <summary>
    /// <c>helm template cg charts/cluster-gateway -n cg-system [-f file] --set …</c>, parsed: every rendered object.
    /// An argument ending in <c>.yaml</c> is a values file, any other a <c>--set</c>. Fails the test when helm fails.
    /// </summary>
    public Task<IReadOnlyList<JsonObject>> RenderAsync(params string[] values) =>
        _renders.GetOrAdd(string.Join('\n', values), _ => RenderUncachedAsync(values));

    private async Task<IReadOnlyList<JsonObject>> RenderUncachedAsync(string[] values)
    {
        var arguments = new List<string> { "template", "cg", ChartDirectory, "--namespace", ReleaseNamespace };
        foreach (var value in values)
        {
            arguments.Add(value.EndsWith(".yaml", StringComparison.Ordinal) ? "--values" : "--set");
            arguments.Add(value);
        }

        var result = await ToolProcess.RunAsync(Helm, arguments, RepositoryRoot, TestTimeouts.Default);
        result.ExitCode.Should().Be(0, "helm template must render ({0})", result.StdErr);
        return [.. YamlJson.ParseDocuments(result.StdOut).Select(d => d.AsObject())];
    }
}

/// <summary>The gateway chart tests share one <see cref="GatewayChartFixture"/> (one helm lookup, cached renders).</summary>
[CollectionDefinition(Name)]
public sealed class GatewayChartCollection : ICollectionFixture<GatewayChartFixture>
{
    public const string Name = "gateway-chart";
}
