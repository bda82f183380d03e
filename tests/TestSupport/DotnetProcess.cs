using System.Diagnostics;
using System.Text;

namespace ClusterGateway.TestSupport;

/// <summary>
/// A <c>dotnet ...</c> child process (a binary or a README command, started as a user starts it) whose output lines
/// (stdout and stderr) can be awaited; killed on dispose. A wait for a line fails when the process exits without it.
/// </summary>
public sealed class DotnetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<string> _lines = [];
    private readonly List<(int From, Func<string, bool> Predicate, TaskCompletionSource<string> Signal)> _waiters = [];
    private readonly Action<string>? _onLine;
    private bool _ended; // guarded by _output: exited and drained

    private DotnetProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
    }

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

            if (_ended)
            {
                return Task.FromException<string>(
                    new InvalidOperationException($"dotnet exited with {_process.ExitCode} before the line:\n{_output}"));
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

    /// <summary>Runs <c>dotnet dotnetArgs...</c> in <paramref name="workingDirectory"/> (e.g. a README command).</summary>
    /// <param name="workingDirectory">Where to run it.</param>
    /// <param name="dotnetArgs">The arguments after <c>dotnet</c>.</param>
    /// <param name="onLine">Called with every output line (after it is recorded), e.g. to pick out a URL.</param>
    /// <returns>The started process.</returns>
    public static DotnetProcess StartDotnet(string workingDirectory, IEnumerable<string> dotnetArgs, Action<string>? onLine = null)
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
        var gateway = new DotnetProcess(process, onLine);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            // Exited can fire before the redirected output is drained; WaitForExit() waits for both streams' end.
            process.WaitForExit();
            lock (gateway._output)
            {
                gateway._ended = true;
                foreach (var waiter in gateway._waiters)
                {
                    waiter.Signal.TrySetException(
                        new InvalidOperationException($"dotnet exited with {process.ExitCode}:\n{gateway._output}"));
                }

                gateway._waiters.Clear();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gateway;
    }

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

        _onLine?.Invoke(line);
    }
}
