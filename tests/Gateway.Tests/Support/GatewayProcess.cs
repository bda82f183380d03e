using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Support;

/// <summary>
/// The gateway binary started as a separate process, as a user starts it (<see cref="DotnetProcess"/>), and the URL
/// from its <c>ClusterGateway is serving on URL</c> line; killed on dispose.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private const string Marker = "ClusterGateway is serving on ";

    private readonly TaskCompletionSource<Uri> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DotnetProcess _process = null!;

    private GatewayProcess()
    {
    }

    /// <summary>Everything printed so far (stdout and stderr).</summary>
    public string Output => _process.Output;

    /// <summary>How many output lines have been seen: a mark for <see cref="WaitForLineAsync"/>.</summary>
    public int LineCount => _process.LineCount;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only valid once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Completes with the URL from the <c>ClusterGateway is serving on URL</c> line; fails if the gateway exits first.</summary>
    public Task<Uri> Serving => _serving.Task;

    /// <summary>Runs <c>dotnet ClusterGateway.Gateway.dll args...</c> from the test output folder.</summary>
    /// <param name="args">Gateway flags.</param>
    /// <returns>The started process.</returns>
    public static GatewayProcess Start(params string[] args) =>
        StartDotnet(Environment.CurrentDirectory,
            [Path.Combine(AppContext.BaseDirectory, "ClusterGateway.Gateway.dll"), .. args]);

    /// <summary>Runs <c>dotnet dotnetArgs...</c> in <paramref name="workingDirectory"/> (e.g. a README command).</summary>
    /// <param name="workingDirectory">Where to run it.</param>
    /// <param name="dotnetArgs">The arguments after <c>dotnet</c>.</param>
    /// <returns>The started process.</returns>
    public static GatewayProcess StartDotnet(string workingDirectory, IEnumerable<string> dotnetArgs)
    {
        var gateway = new GatewayProcess();
        gateway._process = DotnetProcess.StartDotnet(workingDirectory, dotnetArgs, gateway.OnLine);
        _ = gateway._process.WaitForExitAsync().ContinueWith(
            exit => gateway._serving.TrySetException(new InvalidOperationException(
                $"The gateway exited with {exit.Result}:\n{gateway.Output}")),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        return gateway;
    }

    /// <inheritdoc cref="DotnetProcess.WaitForLineAsync"/>
    public Task<string> WaitForLineAsync(Func<string, bool> predicate, int from = 0) =>
        _process.WaitForLineAsync(predicate, from);

    /// <inheritdoc cref="DotnetProcess.WaitForExitAsync"/>
    public Task<int> WaitForExitAsync() => _process.WaitForExitAsync();

    /// <inheritdoc cref="DotnetProcess.TerminateAsync"/>
    public Task TerminateAsync() => _process.TerminateAsync();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private void OnLine(string line)
    {
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _serving.TrySetResult(new Uri(line[(at + Marker.Length)..].Trim()));
        }
    }
}
