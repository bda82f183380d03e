using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Gateway.Clusters;
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
/// watched (and polled every <see cref="PollInterval"/> as well, for changes a watcher misses and for the folder
/// itself going and coming back) and reloaded as a whole shortly after any change.
/// </summary>
/// <remarks>
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
/// <item>a missing or removed folder is logged and its clusters are removed (the files are gone); the folder is
/// polled until it comes back, then loaded again.</item>
/// </list>
/// </remarks>
internal sealed partial class LocalManifestSource(
    string directory, ClusterRegistry registry, SecretConversionOptions conversion,
    ILogger<LocalManifestSource> logger) : BackgroundService
{
    /// <summary>How often the folder is checked for changes the watcher did not report, and for its return.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private static readonly string[] Patterns = ["*.yaml", "*.yml", "*.json"];

    // Editors write files in several steps: let the burst settle, then read the folder once.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    // Released by watcher events; at most one pending signal.
    private readonly SemaphoreSlim _changed = new(0, 1);

    // Per file path, the clusters of its last good version. Only the reload loop touches it.
    private readonly Dictionary<string, IReadOnlyList<ClusterEntry>> _lastGood = new(StringComparer.Ordinal);

    // The SHA-256 of each file's last good content.
    private readonly Dictionary<string, string> _lastHash = new(StringComparer.Ordinal);

    private bool _folderMissing;

    // Whether the watcher could not be started last time, so that is logged once, not at every poll.
    private bool _watchFailureLogged;

    // The folder's fingerprint (see Fingerprint) taken before the start's load, so a change during it is seen.
    private string? _startFingerprint;

    // Set by the watcher's Error event (e.g. its buffer overflowed, or the folder went away): start a new one.
    private volatile bool _watcherFailed;

    private string SourceId => "dir:" + directory;

    /// <summary>Loads the folder once before the server starts, so the first request sees every cluster.</summary>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>A task that completes when the folder is loaded (or found missing, which is logged).</returns>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        registry.AddSource(SourceId);
        _startFingerprint = Fingerprint();
        SafeReload();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        FileSystemWatcher? watcher = null;
        try
        {
            var fingerprint = _startFingerprint;
            while (!stoppingToken.IsCancellationRequested)
            {
                watcher ??= fingerprint is null ? null : TryWatch();
                var signaled = await _changed.WaitAsync(PollInterval, stoppingToken).ConfigureAwait(false);
                if (signaled)
                {
                    await Task.Delay(Settle, stoppingToken).ConfigureAwait(false);
                    _changed.Wait(0, CancellationToken.None);
                }

                var current = Fingerprint();
                if (!signaled && current == fingerprint)
                {
                    continue;
                }

                if (!signaled || current is null || _watcherFailed)
                {
                    // The poll saw a change the watcher did not report, the folder is gone or the watcher failed: it
                    // may be watching a deleted folder, so start a new one on the folder that is there now.
                    _watcherFailed = false;
                    watcher?.Dispose();
                    watcher = null;
                }

                fingerprint = current;
                SafeReload();
            }
        }
        finally
        {
            watcher?.Dispose();
        }
    }

    private FileSystemWatcher? TryWatch()
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false };
            watcher.Changed += (_, _) => Signal();
            watcher.Created += (_, _) => Signal();
            watcher.Deleted += (_, _) => Signal();
            watcher.Renamed += (_, _) => Signal();
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

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (Exception e) when (e is SemaphoreFullException or ObjectDisposedException)
        {
            // A signal is already pending, or the source is stopping.
        }
    }

    // Names, sizes and modification times of the files the reload reads; null when the folder cannot be listed.
    // Uses stat only, so it never opens (and never blocks on) a file.
    private string? Fingerprint()
    {
        try
        {
            var text = new StringBuilder();
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                text.Append(file.Name).Append('\0').Append(file.Exists ? file.Length : -1).Append('\0')
                    .Append(file.Exists ? file.LastWriteTimeUtc.Ticks : -1).Append('\n');
            }

            return text.ToString();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    // The folder's content must never stop the gateway: anything unexpected is logged and the next change retried.
    private void SafeReload()
    {
        try
        {
            Reload();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.ReloadFailed(logger, directory, Escape(e.ToString()));
        }
    }

    private void Reload()
    {
        List<string> files;
        try
        {
            files = [.. Patterns.SelectMany(p => Directory.EnumerateFiles(directory, p)).Distinct().Order(StringComparer.Ordinal)];
        }
        catch (DirectoryNotFoundException)
        {
            _lastGood.Clear();
            _lastHash.Clear();
            registry.Replace(SourceId, []);
            if (!_folderMissing)
            {
                Log.FolderMissing(logger, directory, PollInterval.TotalSeconds);
            }

            _folderMissing = true;
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable is not gone: keep what the folder last held.
            Log.FolderUnreadable(logger, directory, Escape(e.Message));
            return;
        }

        if (_folderMissing)
        {
            Log.FolderBack(logger, directory);
            _folderMissing = false;
        }

        var entries = new List<ClusterEntry>();
        foreach (var file in files)
        {
            entries.AddRange(LoadFile(file));
        }

        foreach (var gone in _lastGood.Keys.Except(files, StringComparer.Ordinal).ToList())
        {
            _lastGood.Remove(gone);
            _lastHash.Remove(gone);
        }

        registry.Replace(SourceId, entries);
        Log.Reloaded(logger, directory, entries.Count);
    }

    // A file's problem stays with that file: any exception (unreadable, not a regular file, too large, not YAML, a
    // converter failing on hostile content) keeps its last good clusters and is logged.
    private IReadOnlyList<ClusterEntry> LoadFile(string file)
    {
        try
        {
            var text = BoundedFile.ReadAllText(file);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

            // An unchanged file keeps its published entries, so a reload republishes only the clusters that changed
            // (the registry tells changes by reference).
            if (_lastHash.TryGetValue(file, out var known) && known == hash && _lastGood.TryGetValue(file, out var same))
            {
                return same;
            }

            var entries = ReadFile(text, file);
            _lastGood[file] = entries;
            _lastHash[file] = hash;
            return entries;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var problem = Escape(e is YamlException yaml ? StrictYamlParser.Describe(yaml) : e.Message);
            if (_lastGood.TryGetValue(file, out var kept) && kept.Count > 0)
            {
                Log.FileRejectedKeptLastGood(logger, ForbiddenStatus.GoQuote(file), problem, kept.Count);
                return kept;
            }

            Log.FileRejected(logger, ForbiddenStatus.GoQuote(file), problem);
            return kept ?? [];
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
    }
}
