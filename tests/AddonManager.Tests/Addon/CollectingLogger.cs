using Microsoft.Extensions.Logging;

namespace ClusterGateway.AddonManager.Tests.Addon;

/// <summary>Captures the log lines of the reconcilers under test (Debug and up) and lets a test wait for one.</summary>
internal sealed class CollectingLogger<T> : ILogger<T>
{
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Signal)> _waiters = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public Task<string> WaitForAsync(Func<string, bool> predicate)
    {
        lock (_lock)
        {
            if (_lines.FirstOrDefault(predicate) is { } existing)
            {
                return Task.FromResult(existing);
            }

            var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, signal));
            return signal.Task;
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        var line = $"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}";
        lock (_lock)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Predicate(line)).ToList())
            {
                waiter.Signal.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }
}
