using System.IO.Enumeration;
using ClusterGateway.Gateway.Clusters;

namespace ClusterGateway.Gateway.Local;

/// <summary>
/// Reads one file of a manifest folder: its entries, or null when they stay as they are (same content, or a bad
/// file keeping <paramref name="kept"/>, its last good entries).
/// </summary>
/// <param name="path">The file.</param>
/// <param name="knownHash">The hash of its last good content; null when it never was good.</param>
/// <param name="kept">Its last good entries; null when it was never read.</param>
/// <param name="hash">The hash of the content the result was read from.</param>
/// <returns>The new entries, or null.</returns>
internal delegate IReadOnlyList<ClusterEntry>? ManifestReader(string path, string? knownHash,
    IReadOnlyList<ClusterEntry>? kept, out string? hash);

/// <summary>Whether a name (a file name, a path) qualifies.</summary>
/// <param name="name">The name.</param>
/// <returns>Whether it does.</returns>
internal delegate bool SpanPredicate(ReadOnlySpan<char> name);

/// <summary>
/// The files of a manifest folder, each with the clusters of its last good version, and per cluster name the files
/// that define it, so that reading some files yields exactly the names whose served entry may change. A name defined
/// by several files is served from the first in ordinal order of paths (within a file, the first document), the
/// order a whole-folder read used. Not thread-safe: the folder's read loop owns it.
/// </summary>
/// <param name="definedTwice">Called with (name, used source, ignored source) for each name defined more than once.</param>
internal sealed class ManifestFiles(Action<string, string, string> definedTwice)
{
    // From this many files on, Read reads them in parallel (a folder at start-up or after an overflow).
    private const int ParallelReadThreshold = 64;

    private readonly Dictionary<string, FileState> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _definers = new(StringComparer.Ordinal);

    // Counts the sweeps of Moved(directory, ...); a file's Seen is the last one that listed it.
    private long _sweeps;

    /// <summary>The files known (read at least once and not gone since).</summary>
    public IEnumerable<string> Paths => _files.Keys;

    /// <summary>Number of distinct cluster names defined.</summary>
    public int ClusterCount => _definers.Count;

    /// <summary>
    /// Reads the given files (a path that is gone, or is a folder, drops that file) and returns, for every name one
    /// of them defined before or defines now, the entry now served (null: removed), in the order the files and their
    /// documents name them.
    /// </summary>
    /// <param name="paths">The files to read.</param>
    /// <param name="reader">Reads one file; from 64 files on it is called on several threads at once, so it must not
    /// touch shared state (it may log and count).</param>
    /// <returns>The names to publish with their entries.</returns>
    public List<(string Name, ClusterEntry? Entry)> Read(IEnumerable<string> paths, ManifestReader reader)
    {
        var list = paths.ToList();
        var reads = new FileRead[list.Count];
        // Reading and converting a file touches nothing shared, so a folder read (start-up, overflow) uses every
        // core; what was read is then applied in path order, one file at a time, as a single file's change is.
        if (list.Count >= ParallelReadThreshold)
        {
            Parallel.For(0, list.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => reads[i] = ReadOne(list[i], reader));
        }
        else
        {
            for (var i = 0; i < list.Count; i++)
            {
                reads[i] = ReadOne(list[i], reader);
            }
        }

        var affected = new OrderedSet();
        for (var i = 0; i < list.Count; i++)
        {
            var path = list[i];
            var read = reads[i];
            _files.TryGetValue(path, out var state);
            if (read.Stamp is not { } stamp)
            {
                if (state is not null)
                {
                    _files.Remove(path);
                    Unindex(path, state, affected);
                }

                continue;
            }

            if (state is null)
            {
                state = new FileState();
                _files[path] = state;
            }

            state.Stamp = stamp;
            if (read.Entries is { } entries)
            {
                Unindex(path, state, affected);
                state.Hash = read.Hash;
                state.Entries = entries;
                state.ByName = ByName(entries);
                foreach (var name in state.ByName.Keys)
                {
                    if (!_definers.TryGetValue(name, out var files))
                    {
                        files = new SortedSet<string>(StringComparer.Ordinal);
                        _definers[name] = files;
                    }

                    files.Add(path);
                    affected.Add(name);
                }
            }
        }

        return [.. affected.Names.Select(name => (name, Winner(name)))];
    }

    // Stat, then read: a write during the read moves the stamp again, so the next sweep reads it again. Only reads
    // _files (no writer runs meanwhile).
    private FileRead ReadOne(string path, ManifestReader reader)
    {
        var info = new FileInfo(path);
        if (!Present(info))
        {
            return default;
        }

        var stamp = FileStamp.Of(info);
        _files.TryGetValue(path, out var state);
        var entries = reader(path, state?.Hash, state?.Entries, out var hash);
        return new FileRead(stamp, entries, hash);
    }

    /// <summary>
    /// Lists <paramref name="directory"/> (stat only) and returns the manifests whose stamp differs from when they were
    /// last read, the new ones and the known files no longer listed, as <see cref="Moved(IReadOnlyDictionary{string, FileStamp})"/>
    /// does for a listing, but allocating only for those: a sweep of a folder where nothing moved costs no string or
    /// object per file.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="isManifest">Whether a file name is a manifest's.</param>
    /// <returns>The paths to read again.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder is missing.</exception>
    /// <exception cref="IOException">The folder cannot be listed.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be listed.</exception>
    public List<string> Moved(string directory, SpanPredicate isManifest)
    {
        var generation = ++_sweeps;
        var known = _files.GetAlternateLookup<ReadOnlySpan<char>>();
        var path = new char[256];
        var listed = new FileSystemEnumerable<string?>(directory, (ref entry) =>
        {
            // The path as FileSystemInfo.FullName spells it, built in a reused buffer.
            int length;
            while (!Path.TryJoin(entry.Directory, entry.FileName, path, out length))
            {
                path = new char[path.Length * 2];
            }

            if (!known.TryGetValue(path.AsSpan(0, length), out var state))
            {
                return entry.ToFullPath();
            }

            state.Seen = generation;
            // A symbolic link's stamp is its target's, as FileStamp.Of reads it.
            var stamp = entry.Attributes.HasFlag(FileAttributes.ReparsePoint)
                ? FileStamp.Of((FileInfo)entry.ToFileSystemInfo())
                : new FileStamp(entry.Length, entry.LastWriteTimeUtc.UtcTicks);
            return stamp == state.Stamp ? null : entry.ToFullPath();
        })
        {
            ShouldIncludePredicate = (ref entry) => !entry.IsDirectory && isManifest(entry.FileName),
        };

        var moved = listed.OfType<string>().ToList();
        foreach (var (file, state) in _files)
        {
            if (state.Seen != generation)
            {
                moved.Add(file);
            }
        }

        return moved;
    }

    /// <summary>The listed files whose stamp differs from when they were last read, and the known files not listed.</summary>
    /// <param name="listed">The folder's manifests with their stamps.</param>
    /// <returns>The paths to read again.</returns>
    public List<string> Moved(IReadOnlyDictionary<string, FileStamp> listed)
    {
        var moved = new List<string>();
        foreach (var (path, stamp) in listed)
        {
            if (!_files.TryGetValue(path, out var state) || state.Stamp != stamp)
            {
                moved.Add(path);
            }
        }

        moved.AddRange(_files.Keys.Where(path => !listed.ContainsKey(path)));
        return moved;
    }

    /// <summary>Every served entry (the initial load).</summary>
    /// <returns>The entries.</returns>
    public List<ClusterEntry> AllWinners() => [.. _definers.Keys.Select(Winner).OfType<ClusterEntry>()];

    /// <summary>Forgets every file (the folder is gone).</summary>
    /// <returns>Every name, to remove.</returns>
    public List<(string Name, ClusterEntry? Entry)> Clear()
    {
        List<(string Name, ClusterEntry? Entry)> removed = [.. _definers.Keys.Select(name => (name, (ClusterEntry?)null))];
        _files.Clear();
        _definers.Clear();
        return removed;
    }

    // A path the folder's listing would show as a file: a regular file, a FIFO or device (the reader refuses those),
    // or a symbolic link that does not point at a folder (a dangling one fails to read, keeping its clusters).
    private static bool Present(FileInfo info) =>
        info.Exists || (info.LinkTarget is not null && !Directory.Exists(info.FullName));

    private Dictionary<string, ClusterEntry> ByName(IReadOnlyList<ClusterEntry> entries)
    {
        var byName = new Dictionary<string, ClusterEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!byName.TryAdd(entry.Name, entry))
            {
                definedTwice(entry.Name, byName[entry.Name].Source, entry.Source);
            }
        }

        return byName;
    }

    private void Unindex(string path, FileState state, OrderedSet affected)
    {
        foreach (var name in state.ByName.Keys)
        {
            affected.Add(name);
            if (_definers.TryGetValue(name, out var files) && files.Remove(path) && files.Count == 0)
            {
                _definers.Remove(name);
            }
        }
    }

    private ClusterEntry? Winner(string name)
    {
        if (!_definers.TryGetValue(name, out var files))
        {
            return null;
        }

        var winner = _files[files.Min!].ByName[name];
        foreach (var other in files.Skip(1))
        {
            definedTwice(name, winner.Source, _files[other].ByName[name].Source);
        }

        return winner;
    }

    // Names in the order first added, each once.
    private sealed class OrderedSet
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public List<string> Names { get; } = [];

        public void Add(string name)
        {
            if (_seen.Add(name))
            {
                Names.Add(name);
            }
        }
    }

    // A file as read: no stamp when it is gone; no entries when it kept its content or was rejected.
    private readonly record struct FileRead(FileStamp? Stamp, IReadOnlyList<ClusterEntry>? Entries, string? Hash);

    private sealed class FileState
    {
        public FileStamp Stamp { get; set; }

        public long Seen { get; set; }

        public string? Hash { get; set; }

        public IReadOnlyList<ClusterEntry> Entries { get; set; } = [];

        public Dictionary<string, ClusterEntry> ByName { get; set; } = new(StringComparer.Ordinal);
    }
}
