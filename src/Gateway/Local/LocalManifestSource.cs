using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Observability;
using ClusterGateway.Gateway.Security;
using ClusterGateway.Kube.Files;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models.Core;
using ClusterGateway.Kube.Yaml;
using YamlDotNet.Core;

namespace ClusterGateway.Gateway.Local;

/// <summary>
/// Local mode (<c>--clusters-dir</c>): every Secret manifest in the folder's <c>*.yaml</c>, <c>*.yml</c> and
/// <c>*.json</c> files (several documents per file allowed; <c>stringData</c> accepted) is a cluster. The folder is
/// watched: the watcher's events name the files that changed, and only those are read again (a file renamed into
/// place at once, a file written in place once it has been quiet for <see cref="Settle"/>), converted and published,
/// so one change costs one file whatever the number of clusters.
/// </summary>
/// <remarks>
/// The whole folder is read again only when events may have been lost: the watcher's <c>Error</c> event (its buffer
/// overflowed; Linux inotify drops events beyond its queue, IN_Q_OVERFLOW) and the folder coming back after it was
/// missing (a new folder, no events for what it already holds). Every <see cref="PollInterval"/> the folder is also
/// listed with stat only (no file is opened) and the files whose size or modification time moved are read: that
/// catches what a watcher cannot see (a symbolic link's target outside the folder, a folder replaced under the
/// watcher, a platform without a watcher) and the folder going away. An event for a folder or symbolic link that is
/// not a manifest (e.g. a Kubernetes volume's <c>..data</c> link swapped by its atomic writer, which changes every
/// file behind their unchanged links) triggers that same stat sweep; a regular file that is not a manifest (a
/// writer's temporary file) triggers nothing.
/// The folder's content is untrusted and never stops the gateway:
/// <list type="bullet">
/// <item>each file is read by <see cref="BoundedFile"/> (regular files only, symbolic links followed and the target
/// checked, at most <see cref="BoundedFile.DefaultMaxBytes"/>, FIFOs never block) and parsed by
/// <see cref="StrictYamlParser"/> (no anchors, aliases or merge keys, bounded nesting);</item>
/// <item>a file that cannot be read or parsed is logged, naming it and the problem, and keeps the clusters of its
/// last good version (as Kubernetes never lets an invalid update replace a valid object); a file that was never
/// good adds none. A deleted file removes its clusters;</item>
/// <item>a broken document in a good file is logged and skipped (or served as a cluster with an error, when it is a
/// Secret that does not convert);</item>
/// <item>a name defined by several files is served from the first file in ordinal order of paths (the first
/// document within a file), and the others are logged;</item>
/// <item>a missing or removed folder is logged and its clusters are removed (the files are gone); the folder is
/// polled until it comes back, then loaded again.</item>
/// </list>
/// </remarks>
internal sealed partial class LocalManifestSource(
    string directory, ClusterRegistry registry, SecretConversionOptions conversion, ClusterSourceMetrics metrics,
    TimeProvider timeProvider, ILogger<LocalManifestSource> logger) : BackgroundService
{
    /// <summary>How often the folder is listed (stat only) for changes the watcher did not report, and for its return.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a file written in place must stay quiet before it is read: editors and shell redirections write in
    /// several steps, and the steps in between must not be served. A file renamed into place within the folder is
    /// read at once (rename(2) is atomic, so its content is complete), as is a Kubernetes volume's <c>..data</c> link
    /// swap; a file moved in from elsewhere is reported by the watcher as created (inotify's unpaired
    /// <c>IN_MOVED_TO</c>), so it settles like an in-place write.
    /// </summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    // Manifest paths the watcher reported, each with the timestamp (timeProvider) from which it may be read: now for a
    // file renamed into place, its last in-place event + Settle otherwise. The last event of a path decides.
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);

    private readonly ManifestFiles _files = new((name, used, ignored) =>
        Log.DefinedTwice(logger, name, ForbiddenStatus.GoQuote(ignored), ForbiddenStatus.GoQuote(used)));

    // The pending signal: completed by watcher events, replaced by the loop when it wakes. Completing a completed
    // source is a no-op, so a burst of events costs neither an exception nor an allocation per event.
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool _folderMissing;

    // Whether the watcher could not be started last time, so that is logged once, not at every poll.
    private bool _watchFailureLogged;

    // Set by the watcher's Error event (its buffer overflowed, or the folder went away): read everything again.
    private volatile bool _watcherFailed;

    // From when a stat sweep of the folder is due (an event on a folder or symbolic link manifests may point through,
    // e.g. a Kubernetes volume's ..data swap); long.MaxValue when none is.
    private long _sweepDue = long.MaxValue;

    private string SourceId => "dir:" + directory;

    /// <summary>Loads the folder once before the server starts, so the first request sees every cluster.</summary>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>A task that completes when the folder is loaded (or found missing, which is logged).</returns>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        registry.AddSource(SourceId);
        Safe(() =>
        {
            var loaded = ReadAll() is not null;
            registry.Replace(SourceId, _files.AllWinners());
            if (loaded)
            {
                Log.Reloaded(logger, directory, _files.ClusterCount);
            }
        });
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        FileSystemWatcher? watcher = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Started before the round it serves reads anything, so a change during a round is reported to the
                // next one; what changed before it started (after the start's load, or a folder's return) is found by
                // the next stat sweep, as the stamps were taken before those reads.
                watcher ??= _folderMissing ? null : TryWatch();
                var quiet = _pending.IsEmpty && Volatile.Read(ref _sweepDue) == long.MaxValue;
                var signaled = await WaitAsync(quiet ? PollInterval : UntilNextDue(), stoppingToken).ConfigureAwait(false);
                var restartWatcher = false;
                Safe(() => restartWatcher = Round(poll: quiet && !signaled));
                if (restartWatcher)
                {
                    watcher?.Dispose();
                    watcher = null;
                }
            }
        }
        finally
        {
            watcher?.Dispose();
        }
    }

    // Waits for a watcher event or the timeout (on timeProvider); returns whether an event came. The signal is renewed
    // before the round reads _pending, so an event reported during the round wakes the next wait.
    private async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var changed = Volatile.Read(ref _changed).Task;
        if (!changed.IsCompleted && timeout > TimeSpan.Zero)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var delay = Task.Delay(timeout, timeProvider, cts.Token);
            await Task.WhenAny(changed, delay).ConfigureAwait(false);
            await cts.CancelAsync().ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }

        if (!changed.IsCompleted)
        {
            return false;
        }

        Volatile.Write(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return true;
    }

    // How long until the first pending path or sweep is due (zero when one already is).
    private TimeSpan UntilNextDue()
    {
        var next = Volatile.Read(ref _sweepDue);
        foreach (var (_, due) in _pending)
        {
            next = Math.Min(next, due);
        }

        var now = timeProvider.GetTimestamp();
        return next <= now ? TimeSpan.Zero : timeProvider.GetElapsedTime(now, next);
    }

    // One round: what is due is read and published as one write; with poll (nothing reported for PollInterval), the
    // folder's stats are swept for what the watcher missed. Returns whether the watcher must be started anew (it
    // failed, missed a change, or the folder it watched is gone).
    private bool Round(bool poll)
    {
        var now = timeProvider.GetTimestamp();
        var paths = new List<string>();
        foreach (var entry in _pending)
        {
            // Removed only with the timestamp read: an event that moved it meanwhile keeps it pending.
            if (entry.Value <= now && ((ICollection<KeyValuePair<string, long>>)_pending).Remove(entry))
            {
                paths.Add(entry.Key);
            }
        }

        if (_watcherFailed || _folderMissing)
        {
            // Events may be lost (overflow) or were never delivered (a new folder): read every file again.
            _watcherFailed = false;
            var wasMissing = _folderMissing;
            if (ReadAll() is { } changes)
            {
                Publish(changes);
                Log.Reloaded(logger, directory, _files.ClusterCount);
            }

            return !wasMissing || !_folderMissing;
        }

        var sweepDue = Volatile.Read(ref _sweepDue);
        var sweep = poll ||
            (sweepDue <= now && Interlocked.CompareExchange(ref _sweepDue, long.MaxValue, sweepDue) == sweepDue);
        var missedByWatcher = false;
        if (sweep)
        {
            var swept = Sweep();
            if (swept is null)
            {
                return true;
            }

            // A file whose event is still settling is read when it is due, not now.
            swept.RemoveAll(_pending.ContainsKey);
            missedByWatcher = poll && swept.Count > 0;
            paths.AddRange(swept);
        }

        if (paths.Count > 0)
        {
            // In ordinal order of paths, as a whole-folder read goes: a burst of files is published in file order.
            Publish(_files.Read(paths.Where(IsManifest).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
                ReadManifest));
            Log.Reloaded(logger, directory, _files.ClusterCount);
        }

        return missedByWatcher;
    }

    private void Publish(IReadOnlyCollection<(string Name, ClusterEntry? Entry)> changes)
    {
        if (changes.Count > 0)
        {
            registry.Update(SourceId, changes);
        }
    }

    // Reads every file of the folder (start, overflow, the folder back); returns the changed names, or null when the
    // folder cannot be listed (missing: everything is removed). Files that kept their content keep their entries (no
    // change published). The callers log "Loaded" once they have published: a client that sees the line sees them.
    private List<(string Name, ClusterEntry? Entry)>? ReadAll()
    {
        var listed = List();
        return listed is null
            ? null
            : _files.Read(
                listed.Keys.Concat(_files.Paths).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
                ReadManifest);
    }

    // The files whose stat differs from when they were last read, new or gone; null when the folder cannot be listed.
    private List<string>? Sweep() => Listing(() => _files.Moved(directory, IsManifest));

    // The manifests of the folder with their stat (size, modification time), never opening one; null when the folder
    // cannot be listed (missing: its clusters are removed; unreadable: they are kept).
    private Dictionary<string, FileStamp>? List() => Listing(() =>
    {
        var listed = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
        {
            if (IsManifest(file.FullName))
            {
                listed[file.FullName] = FileStamp.Of(file);
            }
        }

        return listed;
    });

    // Lists the folder with list; null when it cannot be listed (missing: its clusters are removed; unreadable: they
    // are kept).
    private T? Listing<T>(Func<T> list)
        where T : class
    {
        T listed;
        try
        {
            listed = list();
        }
        catch (DirectoryNotFoundException)
        {
            if (!_folderMissing)
            {
                Log.FolderMissing(logger, directory, PollInterval.TotalSeconds);
                Publish(_files.Clear());
            }

            _folderMissing = true;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable is not gone: keep what the folder last held.
            Log.FolderUnreadable(logger, directory, Escape(e.Message));
            return null;
        }

        if (_folderMissing)
        {
            Log.FolderBack(logger, directory);
            _folderMissing = false;
        }

        return listed;
    }

    private static bool IsManifest(string path) => IsManifest(path.AsSpan());

    private static bool IsManifest(ReadOnlySpan<char> path) =>
        path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal) ||
        path.EndsWith(".json", StringComparison.Ordinal);

    private FileSystemWatcher? TryWatch()
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false };
            watcher.Changed += (_, e) => Report(e.FullPath, complete: false);
            watcher.Created += (_, e) => Report(e.FullPath, complete: false);
            watcher.Deleted += (_, e) => Report(e.FullPath, complete: false, gone: true);
            watcher.Renamed += (_, e) =>
            {
                // The old name is gone (an editor moving a file aside writes it anew: settle); the new name holds what
                // was renamed, whole.
                Report(e.OldFullPath, complete: false, gone: true, renamedAway: true);
                Report(e.FullPath, complete: true);
            };
            watcher.Error += (_, _) =>
            {
                _watcherFailed = true;
                Signal();
            };
            watcher.EnableRaisingEvents = true;
            _watchFailureLogged = false;
            return watcher;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException
            or PlatformNotSupportedException)
        {
            // Polling still sees every change, only later.
            watcher?.Dispose();
            if (!_watchFailureLogged)
            {
                Log.WatchFailed(logger, directory, Escape(e.Message));
                _watchFailureLogged = true;
            }

            return null;
        }
    }

    // A manifest's event makes it pending (due now when complete, else after Settle). Another name matters only when
    // it is a folder or a symbolic link manifests may point through (a Kubernetes volume's ..data swap), or was
    // deleted (it may have been one): the folder's stats are then swept. A regular file's event (an editor's or a
    // writer's temporary file) changes no manifest, so it costs nothing.
    private void Report(string path, bool complete, bool gone = false, bool renamedAway = false)
    {
        var due = timeProvider.GetTimestamp() +
            (complete ? 0 : (long)(Settle.TotalSeconds * timeProvider.TimestampFrequency));
        if (IsManifest(path))
        {
            _pending[path] = due;
        }
        else if (renamedAway || !(gone || LinkOrFolder(path)))
        {
            // A name renamed away lives on under the new name, whose event decides; one created and gone again has
            // its own deletion or rename event.
            return;
        }
        else
        {
            var current = Volatile.Read(ref _sweepDue);
            while (due < current)
            {
                var seen = Interlocked.CompareExchange(ref _sweepDue, due, current);
                if (seen == current)
                {
                    break;
                }

                current = seen;
            }
        }

        Signal();
    }

    // lstat: a folder or a symbolic link (a name that cannot be examined counts, as it may be one).
    private static bool LinkOrFolder(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget is not null || Directory.Exists(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return true;
        }
    }

    private void Signal() => Volatile.Read(ref _changed).TrySetResult();

    // The folder's content must never stop the gateway: anything unexpected is logged and the next change retried.
    private void Safe(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.ReloadFailed(logger, directory, Escape(e.ToString()));
        }
    }

    // A file's problem stays with that file: any exception (unreadable, not a regular file, too large, not YAML, a
    // converter failing on hostile content) keeps its last good clusters and is logged. Returns null when the file
    // kept its content (its entries stay, so nothing is republished).
    private IReadOnlyList<ClusterEntry>? ReadManifest(string file, string? knownHash, IReadOnlyList<ClusterEntry>? kept,
        out string? hash)
    {
        hash = knownHash;
        try
        {
            metrics.Read(ClusterSourceMetrics.File);
            var text = BoundedFile.ReadAllText(file);
            var newHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            if (newHash == knownHash && kept is not null)
            {
                return null;
            }

            var entries = ReadFile(text, file);
            hash = newHash;
            return entries;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var problem = Escape(e is YamlException yaml ? StrictYamlParser.Describe(yaml) : e.Message);
            if (kept is { Count: > 0 })
            {
                Log.FileRejectedKeptLastGood(logger, ForbiddenStatus.GoQuote(file), problem, kept.Count);
            }
            else
            {
                Log.FileRejected(logger, ForbiddenStatus.GoQuote(file), problem);
            }

            return null;
        }
    }

    private List<ClusterEntry> ReadFile(string text, string file)
    {
        var documents = YamlDocuments.Parse(text);
        var entries = new List<ClusterEntry>();
        for (var i = 0; i < documents.Count; i++)
        {
            var source = documents.Count == 1 ? file : $"{file} (document {i + 1})";
            if (documents[i] is not JsonObject manifest)
            {
                Log.DocumentIgnored(logger, ForbiddenStatus.GoQuote(source), "not a mapping");
                continue;
            }

            var kind = manifest["kind"]?.GetValueKind() == JsonValueKind.String ? (string?)manifest["kind"] : null;
            if (kind != "Secret")
            {
                Log.DocumentIgnored(logger, ForbiddenStatus.GoQuote(source),
                    $"kind is {(kind is null ? "missing" : ForbiddenStatus.GoQuote(kind))}, not Secret");
                continue;
            }

            var entry = ToEntry(manifest, source);
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private ClusterEntry? ToEntry(JsonObject manifest, string source)
    {
        var name = manifest["metadata"]?["name"]?.GetValueKind() == JsonValueKind.String
            ? (string?)manifest["metadata"]!["name"]
            : null;
        if (string.IsNullOrEmpty(name))
        {
            Log.DocumentIgnored(logger, ForbiddenStatus.GoQuote(source), "metadata.name is missing");
            return null;
        }

        Secret? secret;
        try
        {
            secret = manifest.Deserialize<Secret>(KubeJson.Options);
        }
        catch (JsonException e)
        {
            // Typically plain text under data:, which must be base64 (stringData takes plain text).
            return new ClusterEntry(name, null,
                $"{source}: not a valid Secret ({e.Message}); data values must be base64, use stringData for plain text",
                source);
        }

        var entry = secret is null ? null : SecretClusters.ToEntry(secret, conversion, source);
        if (entry is null)
        {
            Log.DocumentIgnored(logger, ForbiddenStatus.GoQuote(source),
                "the Secret has no cluster.core.oam.dev/cluster-credential-type label");
        }

        return entry;
    }

    // Control characters in file names and messages would forge log lines: escape them as Go's %q does.
    private static string Escape(string text) => ForbiddenStatus.GoQuote(text)[1..^1];

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Loaded {Count} clusters from {Directory}")]
        public static partial void Reloaded(ILogger logger, string directory, int count);

        [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Cannot load clusters file {File}: {Reason}")]
        public static partial void FileRejected(ILogger logger, string file, string reason);

        [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Ignoring {Source}: {Reason}")]
        public static partial void DocumentIgnored(ILogger logger, string source, string reason);

        [LoggerMessage(EventId = 403, Level = LogLevel.Warning,
            Message = "--clusters-dir {Directory} does not exist; serving no clusters from it and checking every {Seconds} s until it does")]
        public static partial void FolderMissing(ILogger logger, string directory, double seconds);

        [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "--clusters-dir {Directory} is there now; loading it")]
        public static partial void FolderBack(ILogger logger, string directory);

        [LoggerMessage(EventId = 405, Level = LogLevel.Error,
            Message = "Cannot list --clusters-dir {Directory}: {Reason}; keeping its clusters")]
        public static partial void FolderUnreadable(ILogger logger, string directory, string reason);

        [LoggerMessage(EventId = 406, Level = LogLevel.Warning,
            Message = "Cannot watch --clusters-dir {Directory} ({Reason}); changes are noticed by polling only")]
        public static partial void WatchFailed(ILogger logger, string directory, string reason);

        [LoggerMessage(EventId = 407, Level = LogLevel.Error, Message = "Reloading --clusters-dir {Directory} failed: {Reason}")]
        public static partial void ReloadFailed(ILogger logger, string directory, string reason);

        [LoggerMessage(EventId = 408, Level = LogLevel.Error,
            Message = "Cannot load clusters file {File}: {Reason}; still serving the {Kept} clusters of its last good version")]
        public static partial void FileRejectedKeptLastGood(ILogger logger, string file, string reason, int kept);

        [LoggerMessage(EventId = 409, Level = LogLevel.Warning,
            Message = "Cluster {Name} is defined again in {Ignored}, which is ignored; {Used} is used")]
        public static partial void DefinedTwice(ILogger logger, string name, string ignored, string used);
    }
}
