using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ClusterGateway.E2E.Playground;

/// <summary>A <c>dotnet run ...</c> child process whose output lines (stdout and stderr) can be awaited.</summary>
internal sealed class PlaygroundProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Signal)> _waiters = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PlaygroundProcess(Process process) => _process = process;

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

    public int ExitCode => _process.ExitCode;

    /// <summary>Runs <c>dotnet args...</c> in <paramref name="workingDirectory"/>.</summary>
    public static PlaygroundProcess StartDotnet(string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var playground = new PlaygroundProcess(process);
        process.OutputDataReceived += (_, e) => playground.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => playground.OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            // Exited can fire before the redirected output is drained; WaitForExit() waits for both streams' end.
            process.WaitForExit();
            playground._exited.TrySetResult();
            lock (playground._output)
            {
                foreach (var (_, signal) in playground._waiters)
                {
                    signal.TrySetException(new InvalidOperationException(
                        $"dotnet exited with {process.ExitCode}:\n{playground._output}"));
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return playground;
    }

    /// <summary>The first output line (already printed or future) matching <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, string what)
    {
        var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            var existing = _output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(predicate);
            if (existing is not null)
            {
                return existing;
            }

            if (_exited.Task.IsCompleted)
            {
                throw new InvalidOperationException($"dotnet exited before {what}:\n{_output}");
            }

            _waiters.Add((predicate, signal));
        }

        try
        {
            return await signal.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no {what} within {timeout}; output:\n{Output}");
        }
    }

    /// <summary>Sends SIGTERM (<c>kill -TERM pid</c>) to the <c>dotnet run</c> process, which passes it on.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill")
        {
            ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) },
        })!;
        await kill.WaitForExitAsync();
        kill.ExitCode.Should().Be(0, "kill -TERM must reach dotnet run");
    }

    /// <summary>Completes when the process has exited and its output is drained.</summary>
    public Task WaitForExitAsync(TimeSpan timeout) => _exited.Task.WaitAsync(timeout);

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
            foreach (var waiter in _waiters.Where(w => w.Predicate(line)).ToList())
            {
                waiter.Signal.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }
}
