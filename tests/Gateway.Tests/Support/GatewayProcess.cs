using System.Diagnostics;
using System.Text;

namespace ClusterGateway.Gateway.Tests.Support;

/// <summary>The gateway binary started as a separate process, as a user starts it; killed on dispose.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<string> _lines = [];
    private readonly List<(int From, Func<string, bool> Predicate, TaskCompletionSource<string> Signal)> _waiters = [];
    private readonly TaskCompletionSource<Uri> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>How many output lines (stdout and stderr) have been seen: a mark for <see cref="WaitForLineAsync"/>.</summary>
    public int LineCount
    {
        get
        {
            lock (_output)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only valid once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Completes with the first output line at index <paramref name="from"/> or later that matches.</summary>
    /// <param name="predicate">The line wanted.</param>
    /// <param name="from">A <see cref="LineCount"/> taken before the action that should log the line.</param>
    /// <returns>The line.</returns>
    public Task<string> WaitForLineAsync(Func<string, bool> predicate, int from = 0)
    {
        lock (_output)
        {
            var existing = _lines.Skip(from).FirstOrDefault(predicate);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((from, predicate, signal));
            return signal.Task;
        }
    }

    /// <summary>Completes when the process ends, with its exit code.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>Runs <c>dotnet ClusterGateway.Gateway.dll args...</c> from the test output folder.</summary>
    public static GatewayProcess Start(params string[] args) =>
        StartDotnet(Environment.CurrentDirectory,
            [Path.Combine(AppContext.BaseDirectory, "ClusterGateway.Gateway.dll"), .. args]);

    /// <summary>Runs <c>dotnet dotnetArgs...</c> in <paramref name="workingDirectory"/> (e.g. a README command).</summary>
    public static GatewayProcess StartDotnet(string workingDirectory, IEnumerable<string> dotnetArgs)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in dotnetArgs)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var gateway = new GatewayProcess(process);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            // Exited can fire before the redirected output is drained; WaitForExit() waits for both streams' end.
            process.WaitForExit();
            gateway._serving.TrySetException(
                new InvalidOperationException($"The gateway exited with {process.ExitCode}:\n{gateway.Output}"));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gateway;
    }

    /// <summary>Completes with the URL from the <c>ClusterGateway is serving on URL</c> line.</summary>
    public Task<Uri> Serving => _serving.Task;

    /// <summary>Sends SIGTERM, as Kubernetes does when it stops a pod (<c>kill -TERM pid</c>).</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(
            System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed with {kill.ExitCode}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.From < _lines.Count && w.Predicate(line)).ToList())
            {
                waiter.Signal.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }

        const string Marker = "ClusterGateway is serving on ";
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _serving.TrySetResult(new Uri(line[(at + Marker.Length)..].Trim()));
        }
    }
}
