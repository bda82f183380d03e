using System.Diagnostics.CodeAnalysis;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterGateway.Kube.Informers;

/// <summary>
/// A list+watch cache of one resource, after client-go's reflector and informer
/// (https://pkg.go.dev/k8s.io/client-go/tools/cache): an in-memory store keyed <c>namespace/name</c> (or <c>name</c>
/// for cluster-scoped objects) kept current by a watch, with change notifications.
/// </summary>
/// <remarks>
/// <see cref="RunAsync"/> loops until cancelled:
/// 1. List (paged, <see cref="InformerOptions.PageSize"/>), replace the store and raise the diff against the previous
///    content: Added for new keys, Modified for a different resourceVersion, Deleted for keys no longer listed.
///    The first successful list completes <see cref="WaitForSyncAsync"/>.
/// 2. Watch from the last resourceVersion with bookmarks and a randomized <c>timeoutSeconds</c>; apply each event,
///    track the resourceVersion of every event and bookmark. When the server ends the watch, watch again from there.
/// 3. On 410 Gone (the resourceVersion was compacted) relist at once; on any other failure retry the failed step
///    after an exponential backoff with jitter (<see cref="InformerOptions.InitialBackoff"/> to
///    <see cref="InformerOptions.MaxBackoff"/>).
/// Handlers run one at a time on the loop, after the store was updated; an exception in one is logged and ignored.
/// Store reads are thread-safe and never block on the network.
/// </remarks>
/// <typeparam name="T">Model type.</typeparam>
public sealed class Informer<T>
    where T : class, IKubernetesObject
{
    private readonly KubeClient _client;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly string _resource;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();

    // Guarded by _lock; replaced wholesale on relist.
    private Dictionary<string, T> _store = new(StringComparer.Ordinal);

    // Written by the RunAsync loop only.
    private volatile string? _resourceVersion;
    private int _running;

    /// <summary>Creates an informer; nothing happens until <see cref="RunAsync"/>.</summary>
    /// <param name="client">Client of the API server.</param>
    /// <param name="kind">Resource to cache.</param>
    /// <param name="namespace">Namespace to cache, or <see langword="null"/> for all (and for cluster-scoped kinds).</param>
    /// <param name="labelSelector"><c>labelSelector</c> of the list and watch.</param>
    /// <param name="logger">Optional logger.</param>
    /// <param name="options">Tuning; defaults follow client-go.</param>
    public Informer(
        KubeClient client, ResourceKind kind, string? @namespace = null, string? labelSelector = null,
        ILogger? logger = null, InformerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(kind);
        _ = kind.Path(@namespace); // Validates the scope early.
        _client = client;
        Kind = kind;
        Namespace = @namespace;
        LabelSelector = labelSelector;
        _options = options ?? new InformerOptions();
        _logger = logger ?? NullLogger.Instance;
        _resource = @namespace is null ? kind.Plural : $"{kind.Plural} in {@namespace}";
    }

    /// <summary>Raised for every change of the store, after it was applied; see <see cref="InformerEvent{T}"/>.</summary>
    public event Action<InformerEvent<T>>? Changed;

    /// <summary>
    /// Raised after every successful list (the first one and each relist) once the store was replaced and its changes
    /// (<see cref="InformerEvent{T}.FromList"/>) were raised, with the list's resourceVersion.
    /// </summary>
    public event Action<string?>? Listed;

    /// <summary>The cached resource.</summary>
    public ResourceKind Kind { get; }

    /// <summary>The cached namespace, or <see langword="null"/> for all.</summary>
    public string? Namespace { get; }

    /// <summary>The label selector, if any.</summary>
    public string? LabelSelector { get; }

    /// <summary>The first list was stored and its Added events delivered.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>resourceVersion of the last list, event or bookmark seen (client-go <c>LastSyncResourceVersion</c>).</summary>
    public string? LastSyncResourceVersion => _resourceVersion;

    /// <summary>Number of cached objects.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _store.Count;
            }
        }
    }

    /// <summary>Completes once <see cref="HasSynced"/>.</summary>
    /// <param name="cancellationToken">Stops waiting (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>A task completing at the first sync.</returns>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Looks an object up in the store.</summary>
    /// <param name="namespace">Namespace; <see langword="null"/> or empty for cluster-scoped objects.</param>
    /// <param name="name">Name.</param>
    /// <param name="value">The cached object (do not mutate it).</param>
    /// <returns>Whether it is cached.</returns>
    public bool TryGet(string? @namespace, string name, [MaybeNullWhen(false)] out T value)
    {
        lock (_lock)
        {
            return _store.TryGetValue(Key(@namespace, name), out value);
        }
    }

    /// <summary>A snapshot of every cached object, in no particular order (do not mutate them).</summary>
    /// <returns>The objects.</returns>
    public IReadOnlyList<T> List()
    {
        lock (_lock)
        {
            return [.. _store.Values];
        }
    }

    /// <summary>Runs list and watch until <paramref name="cancellationToken"/> is cancelled; see the remarks.</summary>
    /// <param name="cancellationToken">Stops the informer; the task then completes normally.</param>
    /// <returns>A task that completes after cancellation.</returns>
    /// <exception cref="InvalidOperationException">Already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"The informer of {_resource} is already running.");
        }

        try
        {
            var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff);
            var needList = true;
            while (!cancellationToken.IsCancellationRequested)
            {
                TimeSpan? delay = null;
                try
                {
                    if (needList)
                    {
                        await ListAsync(cancellationToken);
                        needList = false;
                        backoff.Reset();
                    }

                    var started = _options.TimeProvider.GetTimestamp();
                    var events = await WatchAsync(cancellationToken);
                    var elapsed = _options.TimeProvider.GetElapsedTime(started);
                    if (events == 0 && elapsed < _options.MinWatchDuration)
                    {
                        delay = backoff.Next();
                        InformerLog.ShortWatch(_logger, _resource, elapsed, delay.Value);
                    }
                    else
                    {
                        backoff.Reset();
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (KubeApiException e) when (e.IsGone && !needList)
                {
                    InformerLog.Gone(_logger, _resource, _resourceVersion);
                    needList = true;
                }
                catch (Exception e)
                {
                    delay = backoff.Next();
                    InformerLog.Failed(_logger, e, needList ? "List" : "Watch", _resource, delay.Value);
                }

                if (delay is { } wait && !await DelayAsync(wait, cancellationToken))
                {
                    break;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? continueToken = null;
        string? resourceVersion;
        do
        {
            var page = await _client.ListAsync<T>(Kind, Namespace, new ListOptions
            {
                LabelSelector = LabelSelector,
                FieldSelector = _options.FieldSelector,
                Limit = _options.PageSize,
                Continue = continueToken,
            }, cancellationToken);
            items.AddRange(page.Items);
            continueToken = page.Metadata.Continue;
            resourceVersion = page.Metadata.ResourceVersion;
        }
        while (!string.IsNullOrEmpty(continueToken));

        Replace(items, resourceVersion);
    }

    private void Replace(List<T> items, string? resourceVersion)
    {
        var fresh = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            // List items carry no apiVersion/kind; watch objects do. Make them alike.
            item.ApiVersion ??= Kind.ApiVersion;
            item.Kind ??= Kind.Kind;
            fresh[KeyOf(item)] = item;
        }

        var events = new List<InformerEvent<T>>();
        lock (_lock)
        {
            foreach (var (key, item) in fresh)
            {
                if (!_store.TryGetValue(key, out var old))
                {
                    events.Add(new InformerEvent<T>(InformerEventType.Added, null, item) { FromList = true });
                }
                else if (!string.Equals(old.Metadata.ResourceVersion, item.Metadata.ResourceVersion, StringComparison.Ordinal))
                {
                    events.Add(new InformerEvent<T>(InformerEventType.Modified, old, item) { FromList = true });
                }
            }

            foreach (var (key, old) in _store)
            {
                if (!fresh.ContainsKey(key))
                {
                    events.Add(new InformerEvent<T>(InformerEventType.Deleted, old, null) { FromList = true });
                }
            }

            _store = fresh;
        }

        _resourceVersion = resourceVersion;
        InformerLog.Listed(_logger, _resource, fresh.Count, resourceVersion);
        foreach (var change in events)
        {
            Raise(change);
        }

        _synced.TrySetResult();
        try
        {
            Listed?.Invoke(resourceVersion);
        }
        catch (Exception e)
        {
            InformerLog.ListedHandlerFailed(_logger, e, _resource, resourceVersion);
        }
    }

    private async Task<int> WatchAsync(CancellationToken cancellationToken)
    {
        var from = _resourceVersion;
        var timeout = _options.WatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble());
        var watch = _client.WatchAsync<T>(Kind, Namespace, new WatchOptions
        {
            LabelSelector = LabelSelector,
            FieldSelector = _options.FieldSelector,
            ResourceVersion = from,
            AllowWatchBookmarks = true,
            TimeoutSeconds = Math.Max(1, (int)timeout),
        }, cancellationToken);
        var count = 0;
        await foreach (var watchEvent in watch)
        {
            count++;
            Apply(watchEvent);
        }

        InformerLog.WatchEnded(_logger, _resource, from, count);
        return count;
    }

    private void Apply(WatchEvent<T> watchEvent)
    {
        var obj = watchEvent.Object;
        InformerEvent<T>? change = null;
        if (watchEvent.Type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
        {
            var key = KeyOf(obj);
            lock (_lock)
            {
                _store.TryGetValue(key, out var old);
                if (watchEvent.Type == WatchEventType.Deleted)
                {
                    _store.Remove(key);
                    change = new InformerEvent<T>(InformerEventType.Deleted, obj, null);
                }
                else
                {
                    _store[key] = obj;
                    change = old is null
                        ? new InformerEvent<T>(InformerEventType.Added, null, obj)
                        : new InformerEvent<T>(InformerEventType.Modified, old, obj);
                }
            }
        }

        if (!string.IsNullOrEmpty(obj.Metadata.ResourceVersion))
        {
            _resourceVersion = obj.Metadata.ResourceVersion;
        }

        if (change is not null)
        {
            Raise(change);
        }
    }

    private void Raise(InformerEvent<T> change)
    {
        if (Changed is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<InformerEvent<T>>>())
        {
            try
            {
                handler(change);
            }
            catch (Exception e)
            {
                InformerLog.HandlerFailed(_logger, e, _resource, change.Type, KeyOf(change.Object));
            }
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _options.TimeProvider, cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string KeyOf(T obj) => Key(obj.Metadata.Namespace, obj.Metadata.Name ?? "");

    private static string Key(string? @namespace, string name) =>
        string.IsNullOrEmpty(@namespace) ? name : $"{@namespace}/{name}";
}
