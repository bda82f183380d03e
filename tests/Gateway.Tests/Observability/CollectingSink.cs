using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace ClusterGateway.Gateway.Tests.Observability;

/// <summary>A Serilog sink that keeps every event.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>The events of a log category.</summary>
    public IReadOnlyList<LogEvent> Of(string category) =>
        [.. _events.Where(e => e.Properties.TryGetValue("SourceContext", out var c) && c is ScalarValue { Value: string s } && s == category)];
}
