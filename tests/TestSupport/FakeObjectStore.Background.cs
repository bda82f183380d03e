using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>
/// The store's background controllers (the garbage collector and the namespace controller of kube-controller-manager):
/// changes are queued under the store lock and handled afterwards, one at a time, on a worker that runs only while
/// there is work. Tests observe their effects through watch events (e.g. the dependent's DELETED), never timing.
/// </summary>
public sealed partial class FakeObjectStore : IAsyncDisposable
{
    private readonly Queue<StoreEvent> _backgroundQueue = new();
    private readonly List<Exception> _backgroundErrors = [];
    private Task _backgroundWorker = Task.CompletedTask;
    private bool _backgroundRunning;
    private bool _backgroundStopped;
    private GarbageCollector? _garbageCollector;

    /// <summary>Errors the background controllers met (a bug in the fake); they are never thrown into the test.</summary>
    public IReadOnlyList<Exception> BackgroundErrors
    {
        get
        {
            lock (_gate)
            {
                return [.. _backgroundErrors];
            }
        }
    }

    /// <summary>Stops the background controllers (queued work is dropped) and waits for the running step to end.</summary>
    public async ValueTask DisposeAsync()
    {
        Task worker;
        lock (_gate)
        {
            _backgroundStopped = true;
            _backgroundQueue.Clear();
            worker = _backgroundWorker;
        }

        await worker.ConfigureAwait(false);
    }

    /// <summary>The resource whose objects live under <paramref name="storageKey"/> (group/plural).</summary>
    internal FakeResource? ResourceByStorageKey(string storageKey)
    {
        lock (_gate)
        {
            return _resources.Values.FirstOrDefault(r => StorageKey(r) == storageKey);
        }
    }

    /// <summary>Every object whose <c>metadata.ownerReferences</c> names <paramref name="ownerUid"/>.</summary>
    internal IReadOnlyList<(FakeResource Resource, JsonObject Object)> DependentsOf(string ownerUid)
    {
        lock (_gate)
        {
            var dependents = new List<(FakeResource, JsonObject)>();
            foreach (var (storageKey, bucket) in _objects)
            {
                var resource = _resources.Values.FirstOrDefault(r => StorageKey(r) == storageKey);
                if (resource is null)
                {
                    continue;
                }

                dependents.AddRange(bucket.Values
                    .Where(o => GarbageCollector.OwnerReferences(o).Any(r => GarbageCollector.Uid(r) == ownerUid))
                    .Select(o => (resource, Present(resource, o))));
            }

            return dependents;
        }
    }

    private void ObserveLocked(StoreEvent e)
    {
        if (_backgroundStopped || !GarbageCollector.Interested(e))
        {
            return;
        }

        _backgroundQueue.Enqueue(e);
        if (!_backgroundRunning)
        {
            _backgroundRunning = true;
            _backgroundWorker = Task.Run(DrainBackground);
        }
    }

    private void DrainBackground()
    {
        while (true)
        {
            StoreEvent next;
            lock (_gate)
            {
                if (_backgroundStopped || !_backgroundQueue.TryDequeue(out next!))
                {
                    _backgroundRunning = false;
                    return;
                }

                _garbageCollector ??= new GarbageCollector(this);
            }

            try
            {
                _garbageCollector.Handle(next);
            }
#pragma warning disable CA1031 // A controller's failure must not crash the test host; it is kept for inspection.
            catch (Exception e)
#pragma warning restore CA1031
            {
                lock (_gate)
                {
                    _backgroundErrors.Add(e);
                }
            }
        }
    }
}
