using System.Diagnostics;
using System.Globalization;
using ClusterGateway.E2E.Processes;

namespace ClusterGateway.E2E.Journey;

/// <summary>
/// Runs the journey's named steps: each has its own timeout and, when it fails, a message naming the step. A
/// <see cref="StepAsync"/> the later steps depend on stops the journey; a <see cref="CheckAsync"/> (independent of the
/// rest) is recorded and the journey goes on; <see cref="Complete"/> fails the test listing every failed check.
/// </summary>
internal sealed class StepRunner(ITestOutputHelper output, ProcessLog log)
{
    private readonly List<string> _failures = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Names of the steps and checks that passed, in order.</summary>
    public List<string> Passed { get; } = [];

    public async Task StepAsync(string name, Func<CancellationToken, Task> body, TimeSpan? timeout = null)
    {
        var failure = await RunAsync(name, body, timeout ?? TimeSpan.FromSeconds(60));
        if (failure is not null)
        {
            throw new StepFailedException(name, failure, _failures);
        }
    }

    public async Task CheckAsync(string name, Func<CancellationToken, Task> body, TimeSpan? timeout = null)
    {
        var failure = await RunAsync(name, body, timeout ?? TimeSpan.FromSeconds(60));
        if (failure is not null)
        {
            _failures.Add($"{name}: {failure.Message}");
        }
    }

    /// <summary>Fails when a check failed.</summary>
    public void Complete()
    {
        if (_failures.Count > 0)
        {
            throw new StepFailedException(null, null, _failures);
        }
    }

    private async Task<Exception?> RunAsync(string name, Func<CancellationToken, Task> body, TimeSpan timeout)
    {
        var started = _clock.Elapsed;
        log.Add("journey", $"▶ {name}");
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await body(cts.Token).WaitAsync(timeout);
            Passed.Add(name);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"PASS {name} ({(_clock.Elapsed - started).TotalSeconds:F1}s, at {_clock.Elapsed.TotalSeconds:F1}s)");
            output.WriteLine(line);
            log.Add("journey", line);
            return null;
        }
        catch (Exception e) when (e is not StepFailedException)
        {
            var why = e is TimeoutException or OperationCanceledException && cts.IsCancellationRequested
                ? new TimeoutException($"did not complete within {timeout}: {e.Message}", e)
                : e;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"FAIL {name} ({(_clock.Elapsed - started).TotalSeconds:F1}s): {why.Message}");
            output.WriteLine(line);
            log.Add("journey", line + Environment.NewLine + e);
            return why;
        }
    }
}

/// <summary>A journey step (or checks) failed.</summary>
internal sealed class StepFailedException(string? step, Exception? cause, IReadOnlyList<string> failedChecks)
    : Exception(Describe(step, cause, failedChecks), cause)
{
    private static string Describe(string? step, Exception? cause, IReadOnlyList<string> failedChecks)
    {
        var text = step is null ? "" : $"Step \"{step}\" failed: {cause?.Message}";
        if (failedChecks.Count > 0)
        {
            text += (text.Length > 0 ? Environment.NewLine : "") + "Failed checks:" + Environment.NewLine +
                string.Join(Environment.NewLine, failedChecks.Select(f => "  - " + f));
        }

        return text;
    }
}
