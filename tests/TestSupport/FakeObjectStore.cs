using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>
/// In-memory object storage with one global, monotonically increasing resourceVersion (like etcd), a change
/// history for watches (until <see cref="Compact"/>), and the registry of served resources. Thread-safe. Objects
/// returned are copies: editing them changes nothing.
/// </summary>
public sealed partial class FakeObjectStore
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeResource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly List<StoreEvent> _history = [];
    private readonly List<StoreWatcher> _watchers = [];
    private readonly TimeProvider _time;
    private long _resourceVersion;
    private long _compactedTo;

    public FakeObjectStore(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        foreach (var resource in FakeResource.Defaults)
        {
            RegisterResource(resource);
        }

        foreach (var ns in new[] { "default", "kube-system", "kube-public" })
        {
            Put(FakeResource.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        }
    }

    /// <summary>The latest resourceVersion handed out.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>Watches from a resourceVersion older than this get 410 Expired.</summary>
    public long CompactedResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _compactedTo;
            }
        }
    }

    internal TimeProvider Time => _time;

    /// <summary>Creates or replaces an object (no preconditions), assigning uid/resourceVersion/creationTimestamp.</summary>
    public JsonObject Put(FakeResource resource, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(obj);
        var copy = obj.DeepClone().AsObject();
        var metadata = ObjectMeta.Metadata(copy);
        var name = ObjectMeta.Name(copy);
        if (string.IsNullOrEmpty(name))
        {
            name = GenerateName(ObjectMeta.GetString(copy, "generateName") ??
                throw new ArgumentException("metadata.name or metadata.generateName is required", nameof(obj)));
            metadata["name"] = name;
        }

        var ns = resource.Namespaced ? ObjectMeta.Namespace(copy) ?? "default" : null;
        return Write(resource, ns, name, current =>
        {
            // Like a write straight to etcd: owners stay as they were unless the object names its own.
            if (metadata["managedFields"] is null && current?["metadata"]?["managedFields"] is { } owners)
            {
                metadata["managedFields"] = owners.DeepClone();
            }

            return copy;
        }, dryRun: false).Object!;
    }

    /// <summary>Creates or replaces an object whose resource is inferred from apiVersion/kind.</summary>
    public JsonObject Put(JsonObject obj) => Put(ResourceFor(obj), obj);

    public JsonObject? Get(FakeResource resource, string? @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (_gate)
        {
            return Bucket(resource).TryGetValue(Key(resource, @namespace, name), out var obj)
                ? Present(resource, obj)
                : null;
        }
    }

    /// <summary>Objects of a resource (all namespaces when <paramref name="namespace"/> is null), in key order.</summary>
    public IReadOnlyList<JsonObject> List(FakeResource resource, string? @namespace = null) =>
        ListPage(resource, @namespace, static _ => true, static _ => true, limit: null).Items;

    /// <summary>Removes an object at once (finalizers ignored); returns it, or null when absent.</summary>
    public JsonObject? Delete(FakeResource resource, string? @namespace, string name) =>
        Write(resource, @namespace, name, _ => null, dryRun: false).Object;

    /// <summary>Creates or replaces every object of a (multi-document) YAML text; CRDs register their resources.</summary>
    public IReadOnlyList<JsonObject> ApplyYaml(string yaml)
    {
        var stored = new List<JsonObject>();
        foreach (var document in YamlJson.ParseDocuments(yaml))
        {
            if (document is not JsonObject obj)
            {
                throw new ArgumentException("every YAML document must be an object", nameof(yaml));
            }

            if (obj["kind"]?.GetValue<string>() is { } kind && kind.EndsWith("List", StringComparison.Ordinal) &&
                obj["items"] is JsonArray items)
            {
                stored.AddRange(items.OfType<JsonObject>().Select(Put));
            }
            else
            {
                stored.Add(Put(obj));
            }
        }

        return stored;
    }

    /// <summary>Forgets the change history: watches from an older resourceVersion now get 410 Expired.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedTo = _resourceVersion;
        }
    }

    /// <summary>Ends every open watch (as if the server closed the connections).</summary>
    public void TerminateWatches()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Terminate();
            }

            _watchers.Clear();
        }
    }

    internal static JsonObject Present(FakeResource resource, JsonObject stored)
    {
        var copy = stored.DeepClone().AsObject();
        copy["apiVersion"] = resource.ApiVersion;
        return copy;
    }

    internal static string StorageKey(FakeResource resource) => resource.Group + "/" + resource.Plural;

    internal static string GenerateName(string prefix)
    {
        var suffix = new char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = NameAlphabet[RandomNumberGenerator.GetInt32(NameAlphabet.Length)];
        }

        return prefix + new string(suffix);
    }

    internal string Now() => ObjectMeta.Timestamp(_time.GetUtcNow());

    private static string Key(FakeResource resource, string? @namespace, string name) =>
        resource.Namespaced ? $"{@namespace ?? "default"}/{name}" : name;

    private static string Rv(long value) => value.ToString(CultureInfo.InvariantCulture);

    private SortedDictionary<string, JsonObject> Bucket(FakeResource resource)
    {
        var key = StorageKey(resource);
        if (!_objects.TryGetValue(key, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[key] = bucket;
        }

        return bucket;
    }
}
