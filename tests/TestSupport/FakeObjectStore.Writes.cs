using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>Writes, watches and lists: every change goes through <see cref="Write"/> under the store lock.</summary>
public sealed partial class FakeObjectStore
{
    /// <summary>
    /// Atomically computes and stores the next state of one object. <paramref name="compute"/> gets a copy of the
    /// current object (null when absent) and returns the desired object (null: delete). It may throw
    /// <see cref="FakeApiException"/>. Unchanged objects keep their resourceVersion and emit no event.
    /// </summary>
    internal WriteResult Write(FakeResource resource, string? @namespace, string name,
        Func<JsonObject?, JsonObject?> compute, bool dryRun)
    {
        lock (_gate)
        {
            var bucket = Bucket(resource);
            var key = Key(resource, @namespace, name);
            bucket.TryGetValue(key, out var current);
            var desired = compute(current is null ? null : Present(resource, current));
            if (desired is null)
            {
                return current is null
                    ? new WriteResult(null, null)
                    : new WriteResult(RemoveLocked(resource, bucket, key, current, dryRun), "DELETED");
            }

            desired = ObjectNormalizer.Normalize(resource, @namespace, name, current, desired, Now());
            if (current is not null && ObjectNormalizer.SameContent(current, desired))
            {
                return new WriteResult(Present(resource, current), null);
            }

            var metadata = ObjectMeta.Metadata(desired);
            if (metadata["deletionTimestamp"] is not null &&
                metadata["finalizers"] is not JsonArray { Count: > 0 } && current is not null &&
                !NamespaceLifecycle.HeldBySpecFinalizers(resource, desired))
            {
                return new WriteResult(RemoveLocked(resource, bucket, key, current, dryRun), "DELETED");
            }

            if (dryRun)
            {
                metadata["resourceVersion"] = current is null ? null : ObjectMeta.ResourceVersion(current);
                return new WriteResult(desired, current is null ? "ADDED" : "MODIFIED");
            }

            var rv = ++_resourceVersion;
            metadata["resourceVersion"] = Rv(rv);
            bucket[key] = desired;
            var type = current is null ? "ADDED" : "MODIFIED";
            EmitLocked(new StoreEvent(rv, StorageKey(resource), type, desired, current));
            if (ReferenceEquals(resource, FakeResource.CustomResourceDefinitions) ||
                StorageKey(resource) == StorageKey(FakeResource.CustomResourceDefinitions))
            {
                foreach (var served in ObjectNormalizer.ResourcesOfCrd(desired))
                {
                    RegisterResourceLocked(served);
                }
            }

            return new WriteResult(Present(resource, desired), type);
        }
    }

    /// <summary>
    /// One page of a list, in key order: the objects of <paramref name="namespace"/> (null: all) accepted by
    /// <paramref name="after"/> (the continue position) and <paramref name="matches"/> (selectors), at most
    /// <paramref name="limit"/> of them; only the page is copied, so paging through N objects costs N copies, not N per
    /// page.
    /// </summary>
    /// <returns>The page, the store's resourceVersion, and how many matching objects follow the page.</returns>
    internal (IReadOnlyList<JsonObject> Items, long ResourceVersion, long Remaining) ListPage(FakeResource resource,
        string? @namespace, Func<JsonObject, bool> after, Func<JsonObject, bool> matches, int? limit)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (_gate)
        {
            var page = new List<JsonObject>();
            long remaining = 0;
            foreach (var stored in Bucket(resource).Values)
            {
                if ((@namespace is not null &&
                     !string.Equals(ObjectMeta.Namespace(stored), @namespace, StringComparison.Ordinal)) ||
                    !after(stored) || !matches(stored))
                {
                    continue;
                }

                if (limit is null || page.Count < limit)
                {
                    page.Add(Present(resource, stored));
                }
                else
                {
                    remaining++;
                }
            }

            return (page, _resourceVersion, remaining);
        }
    }

    /// <summary>
    /// Subscribes to changes. <paramref name="fromResourceVersion"/> null: initial ADDED events for the current
    /// state; otherwise the recorded events after it (410 Expired when compacted away).
    /// </summary>
    internal (IReadOnlyList<StoreEvent> Initial, StoreWatcher Watcher) Watch(FakeResource resource,
        string? @namespace, long? fromResourceVersion)
    {
        var storageKey = StorageKey(resource);
        lock (_gate)
        {
            var watcher = new StoreWatcher(storageKey, @namespace);
            List<StoreEvent> initial;
            if (fromResourceVersion is not { } from)
            {
                initial = Bucket(resource).Values
                    .Select(o => new StoreEvent(_resourceVersion, storageKey, "ADDED", o, null))
                    .Where(watcher.Accepts)
                    .ToList();
            }
            else if (from < _compactedTo)
            {
                throw FakeApiException.Expired($"too old resource version: {from} ({_compactedTo})");
            }
            else
            {
                initial = _history.Where(e => e.ResourceVersion > from && watcher.Accepts(e)).ToList();
            }

            watcher.OnDispose = w =>
            {
                lock (_gate)
                {
                    _watchers.Remove(w);
                }
            };
            _watchers.Add(watcher);
            CountWatchLocked(storageKey);
            return (initial, watcher);
        }
    }

    private JsonObject RemoveLocked(FakeResource resource, SortedDictionary<string, JsonObject> bucket, string key,
        JsonObject current, bool dryRun)
    {
        var deleted = current.DeepClone().AsObject();
        if (dryRun)
        {
            return Present(resource, deleted);
        }

        bucket.Remove(key);
        var rv = ++_resourceVersion;
        ObjectMeta.Metadata(deleted)["resourceVersion"] = Rv(rv);
        EmitLocked(new StoreEvent(rv, StorageKey(resource), "DELETED", deleted, current));
        if (StorageKey(resource) == StorageKey(FakeResource.Namespaces))
        {
            var name = ObjectMeta.Name(current);
            foreach (var namespaced in _resources.Values.Where(r => r.Namespaced)
                         .DistinctBy(StorageKey).ToList())
            {
                var inner = Bucket(namespaced);
                foreach (var (innerKey, obj) in inner.Where(p => p.Key.StartsWith(name + "/", StringComparison.Ordinal))
                             .ToList())
                {
                    RemoveLocked(namespaced, inner, innerKey, obj, dryRun: false);
                }
            }
        }

        return Present(resource, deleted);
    }

    private void EmitLocked(StoreEvent e)
    {
        _history.Add(e);
        ObserveLocked(e);
        foreach (var watcher in _watchers)
        {
            if (watcher.Accepts(e))
            {
                watcher.Deliver(e);
            }
        }
    }
}
