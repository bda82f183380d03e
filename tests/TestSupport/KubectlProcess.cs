using System.Diagnostics;
using System.Text;

namespace ClusterGateway.TestSupport;

/// <summary>A running kubectl (e.g. <c>get -w</c>): stdout lines are collected; disposing kills it.</summary>
public sealed class KubectlProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Action _cleanup;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _stderr = new();
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Signal)> _waiters = [];
    private readonly Task _pump;
    private bool _ended;

    internal KubectlProcess(Process process, Action cleanup)
    {
        _process = process;
        _cleanup = cleanup;
        var stderr = PumpStdErrAsync();
        _pump = Task.WhenAll(PumpStdOutAsync(), stderr);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public string StdErr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The first stdout line (already printed or future) matching <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool ended;
        lock (_gate)
        {
            var existing = _lines.Find(l => predicate(l));
            if (existing is not null)
            {
                return existing;
            }

            ended = _ended;
            if (!ended)
            {
                _waiters.Add((predicate, signal));
            }
        }

        if (ended)
        {
            throw Ended();
        }

        try
        {
            return await signal.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"kubectl printed no matching line within {timeout}.{Environment.NewLine}" +
                $"stdout:{Environment.NewLine}{string.Join(Environment.NewLine, Lines)}{Environment.NewLine}" +
                $"stderr: {StdErr}");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Signal == signal);
            }
        }
    }

    /// <summary>Waits for kubectl to exit by itself; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, "kubectl to exit", cancellationToken);
        await _pump;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        await _pump;
        _process.Dispose();
        _cleanup();
    }

    private async Task PumpStdOutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            List<TaskCompletionSource<string>> matched = [];
            lock (_gate)
            {
                _lines.Add(line);
                foreach (var waiter in _waiters.Where(w => w.Predicate(line)).ToList())
                {
                    matched.Add(waiter.Signal);
                    _waiters.Remove(waiter);
                }
            }

            foreach (var signal in matched)
            {
                signal.TrySetResult(line);
            }
        }

        await _process.WaitForExitAsync();
        List<TaskCompletionSource<string>> pending;
        lock (_gate)
        {
            _ended = true;
            pending = [.. _waiters.Select(w => w.Signal)];
            _waiters.Clear();
        }

        foreach (var signal in pending)
        {
            signal.TrySetException(Ended());
        }
    }

    private async Task PumpStdErrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_gate)
            {
                _stderr.AppendLine(line);
            }
        }
    }

    private InvalidOperationException Ended()
    {
        var code = _process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        return new InvalidOperationException(
            $"kubectl exited (code {code}) before printing a matching line.{Environment.NewLine}" +
            $"stdout:{Environment.NewLine}{string.Join(Environment.NewLine, Lines)}{Environment.NewLine}stderr: {StdErr}");
    }
}
