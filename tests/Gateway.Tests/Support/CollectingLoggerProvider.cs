using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ClusterGateway.Gateway.Tests.Support;

/// <summary>Captures log lines of the gateway under test and lets a test wait for one.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Signal)> _waiters = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public Task<string> WaitForAsync(Func<string, bool> predicate)
    {
        lock (_lock)
        {
            var existing = _lines.FirstOrDefault(predicate);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, signal));
            return signal.Task;
        }
    }

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lock (_lock)
        {
            _lines.Enqueue(line);
            foreach (var waiter in _waiters.Where(w => w.Predicate(line)).ToList())
            {
                waiter.Signal.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }

    private sealed class Collector(CollectingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            owner.Add($"{logLevel} {category}: {formatter(state, exception)}");
    }
}
