using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models.Core;
using YamlDotNet.Core;

namespace ClusterGateway.Gateway.Local;

/// <summary>
/// Local mode (<c>--clusters-dir</c>): every Secret manifest in the folder's <c>*.yaml</c>, <c>*.yml</c> and
/// <c>*.json</c> files (several documents per file allowed; <c>stringData</c> accepted) is a cluster. The folder is
/// watched and reloaded as a whole shortly after any change. A broken file or document is logged and skipped;
/// it never affects the clusters of other documents.
/// </summary>
internal sealed partial class LocalManifestSource(
    string directory, ClusterRegistry registry, SecretConversionOptions conversion,
    ILogger<LocalManifestSource> logger) : BackgroundService
{
    private static readonly string[] Patterns = ["*.yaml", "*.yml", "*.json"];

    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private string SourceId => "dir:" + directory;

    /// <summary>Loads the folder once before the server starts, so the first request sees every cluster.</summary>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>A task that completes when the folder is loaded.</returns>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"--clusters-dir {directory} does not exist.");
        }

        registry.AddSource(SourceId);
        Reload();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false };
        FileSystemEventHandler changed = (_, _) => _changes.Writer.TryWrite(true);
        watcher.Changed += changed;
        watcher.Created += changed;
        watcher.Deleted += changed;
        watcher.Renamed += (_, _) => _changes.Writer.TryWrite(true);
        watcher.EnableRaisingEvents = true;

        while (await _changes.Reader.WaitToReadAsync(stoppingToken))
        {
            // Editors write files in several steps: let the burst settle, then read the folder once.
            await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
            _changes.Reader.TryRead(out _);
            Reload();
        }
    }

    private void Reload()
    {
        var entries = new List<ClusterEntry>();
        foreach (var file in Patterns.SelectMany(p => Directory.EnumerateFiles(directory, p)).Order(StringComparer.Ordinal))
        {
            entries.AddRange(ReadFile(file));
        }

        registry.Replace(SourceId, entries);
        Log.Reloaded(logger, directory, entries.Count);
    }

    private IEnumerable<ClusterEntry> ReadFile(string file)
    {
        IReadOnlyList<JsonNode?> documents;
        try
        {
            documents = YamlDocuments.Parse(File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException)
        {
            Log.FileUnreadable(logger, file, e.Message);
            return [];
        }

        var entries = new List<ClusterEntry>();
        for (var i = 0; i < documents.Count; i++)
        {
            var source = documents.Count == 1 ? file : $"{file} (document {i + 1})";
            if (documents[i] is not JsonObject manifest)
            {
                Log.DocumentIgnored(logger, source, "not a mapping");
                continue;
            }

            var kind = manifest["kind"]?.GetValueKind() == JsonValueKind.String ? (string?)manifest["kind"] : null;
            if (kind != "Secret")
            {
                Log.DocumentIgnored(logger, source, $"kind is {kind ?? "missing"}, not Secret");
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
            Log.DocumentIgnored(logger, source, "metadata.name is missing");
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
            Log.DocumentIgnored(logger, source, "the Secret has no cluster.core.oam.dev/cluster-credential-type label");
        }

        return entry;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Loaded {Count} clusters from {Directory}")]
        public static partial void Reloaded(ILogger logger, string directory, int count);

        [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Cannot read {File}: {Reason}")]
        public static partial void FileUnreadable(ILogger logger, string file, string reason);

        [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Ignoring {Source}: {Reason}")]
        public static partial void DocumentIgnored(ILogger logger, string source, string reason);
    }
}
