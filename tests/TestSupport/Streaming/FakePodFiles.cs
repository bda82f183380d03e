using System.Collections.Concurrent;

namespace ClusterGateway.TestSupport.Streaming;

/// <summary>
/// A fake pod's file system, enough for <c>kubectl cp</c>: regular files by absolute path; directories exist when
/// created, when a file lies below them, or are one of <c>/</c>, <c>/tmp</c>. Thread-safe.
/// </summary>
internal sealed class FakePodFiles
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _directories = new(StringComparer.Ordinal)
    {
        ["/"] = true,
        ["/tmp"] = true,
    };

    public static string Normalize(string path) =>
        "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "."));

    public byte[]? Read(string path) => _files.GetValueOrDefault(Normalize(path));

    public void Write(string path, byte[] content) => _files[Normalize(path)] = content;

    public void CreateDirectory(string path) => _directories[Normalize(path)] = true;

    public bool IsDirectory(string path)
    {
        var normalized = Normalize(path);
        var prefix = normalized == "/" ? "/" : normalized + "/";
        return _directories.ContainsKey(normalized) ||
            _files.Keys.Any(f => f.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>The file at <paramref name="path"/> or every file below it, by absolute path.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Under(string path)
    {
        var normalized = Normalize(path);
        var prefix = normalized == "/" ? "/" : normalized + "/";
        return [.. _files.Where(f => f.Key == normalized || f.Key.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(f => f.Key, StringComparer.Ordinal)];
    }
}
