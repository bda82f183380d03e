using System.Collections.Concurrent;
using System.Globalization;

namespace ClusterGateway.E2E.Processes;

/// <summary>
/// Every line the harness's processes (pods) and the harness itself wrote, time-stamped and prefixed with the source;
/// written into the test output when the scenario fails (or always, see <see cref="Dump"/>).
/// </summary>
internal sealed class ProcessLog
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;

    /// <summary>Records one line from <paramref name="source"/>.</summary>
    public void Add(string source, string line) =>
        _lines.Enqueue(string.Create(CultureInfo.InvariantCulture,
            $"[{(DateTimeOffset.UtcNow - _start).TotalSeconds,7:F2}s] {source}: {line}"));

    /// <summary>Lines whose text contains <paramref name="fragment"/>.</summary>
    public IEnumerable<string> Matching(string fragment) =>
        _lines.Where(l => l.Contains(fragment, StringComparison.Ordinal));

    /// <summary>Writes everything, oldest first.</summary>
    public void Dump(Action<string> write)
    {
        foreach (var line in _lines)
        {
            write(line);
        }
    }
}
