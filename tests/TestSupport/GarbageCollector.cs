using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>
/// The garbage collector of kube-controller-manager (k8s.io/kubernetes/pkg/controller/garbagecollector/garbagecollector.go),
/// run by the store's background worker: dependents of a removed owner are deleted (recursively, as their own removal
/// is again a change); an object whose owners are all gone is collected when it appears or its references change; a
/// <c>foregroundDeletion</c> owner waits for its <c>blockOwnerDeletion</c> dependents; an <c>orphan</c> owner first has
/// its reference removed from every dependent. An owner is looked up by apiVersion/kind (the store's registered
/// resources), name, and uid: a namespaced owner in the dependent's namespace, a cluster-scoped one cluster-wide.
/// See https://kubernetes.io/docs/concepts/architecture/garbage-collection/ and
/// https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/.
/// </summary>
internal sealed class GarbageCollector(FakeObjectStore store)
{
    private enum OwnerState
    {
        Solid,
        Dangling,
        WaitingForDependents,
    }

    /// <summary>Whether a change needs the collector or the namespace controller (cheap; called under the store lock).</summary>
    public static bool Interested(StoreEvent e) =>
        e.Type == "DELETED" ||
        (OwnerReferences(e.Object).Count > 0 && (e.Type == "ADDED" || ReferencesChanged(e))) ||
        e.Object["metadata"]?["deletionTimestamp"] is not null ||
        (e.Previous is not null && OwnerReferences(e.Previous).Count > 0 && ReferencesChanged(e));

    /// <summary>The <c>metadata.ownerReferences</c> entries (empty when none).</summary>
    public static IReadOnlyList<JsonObject> OwnerReferences(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray refs ? [.. refs.OfType<JsonObject>()] : [];

    /// <summary>An owner reference's <c>uid</c> ("" when absent).</summary>
    public static string Uid(JsonObject reference) =>
        reference["uid"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    /// <summary>Acts on one change: the collector's rules, then the namespace controller's.</summary>
    public void Handle(StoreEvent e)
    {
        var resource = store.ResourceByStorageKey(e.StorageKey);
        if (resource is null)
        {
            return;
        }

        var uid = ObjectMeta.GetString(e.Object, "uid") ?? string.Empty;
        if (e.Type == "DELETED")
        {
            foreach (var (dependentResource, dependent) in store.DependentsOf(uid))
            {
                AttemptToDelete(dependentResource, dependent);
            }
        }
        else
        {
            if (OwnerReferences(e.Object).Count > 0)
            {
                AttemptToDelete(resource, e.Object);
            }

            if (DeletePropagation.HasFinalizer(e.Object, DeletePropagation.OrphanFinalizer))
            {
                OrphanDependents(resource, e.Object);
            }

            if (DeletePropagation.HasFinalizer(e.Object, DeletePropagation.ForegroundFinalizer))
            {
                DeleteDependentsInForeground(resource, e.Object);
            }
        }

        // An owner deleting in the foreground waits on this object: re-check it when it is gone or drops the reference.
        var references = OwnerReferences(e.Object).Concat(e.Previous is null ? [] : OwnerReferences(e.Previous));
        foreach (var reference in references.DistinctBy(Uid).ToList())
        {
            if (Owner(reference, resource, e.Object) is { } owner &&
                DeletePropagation.HasFinalizer(owner.Object, DeletePropagation.ForegroundFinalizer))
            {
                DeleteDependentsInForeground(owner.Resource, owner.Object);
            }
        }

        NamespaceLifecycle.Handle(store, resource, e);
    }

    /// <summary>
    /// <c>attemptToDeleteItem</c>: with a live owner, references to gone or foreground-deleting owners are removed;
    /// without one, the object is deleted (in the foreground when an owner waits and it has dependents itself).
    /// </summary>
    private void AttemptToDelete(FakeResource resource, JsonObject snapshot)
    {
        var ns = ObjectMeta.Namespace(snapshot);
        var name = ObjectMeta.Name(snapshot)!;
        var uid = ObjectMeta.GetString(snapshot, "uid");
        var current = store.Get(resource, ns, name);
        if (current is null || ObjectMeta.GetString(current, "uid") != uid ||
            (current["metadata"]?["deletionTimestamp"] is not null &&
             !DeletePropagation.HasFinalizer(current, DeletePropagation.ForegroundFinalizer)))
        {
            return;
        }

        var references = OwnerReferences(current);
        if (references.Count == 0)
        {
            return;
        }

        var states = references.Select(r => (Reference: r, State: Classify(r, resource, current))).ToList();
        var gone = states.Where(s => s.State != OwnerState.Solid).Select(s => Uid(s.Reference)).ToHashSet(StringComparer.Ordinal);
        if (states.Any(s => s.State == OwnerState.Solid))
        {
            if (gone.Count > 0)
            {
                UpdateIfSame(resource, ns, name, uid, c => WithoutReferences(c, gone));
            }

            return;
        }

        var foreground = states.Any(s => s.State == OwnerState.WaitingForDependents) &&
            store.DependentsOf(uid ?? string.Empty).Count > 0;
        var policy = foreground ? "Foreground" : "Background";
        store.Write(resource, ns, name, c => c is not null && ObjectMeta.GetString(c, "uid") == uid
            ? DeletePropagation.Deleting(c, policy, store.Now())
            : c, dryRun: false);
    }

    /// <summary>
    /// The owner of <paramref name="snapshot"/> as stored now, when it is the same object (uid), being deleted and still
    /// holding <paramref name="finalizer"/>; null otherwise (nothing left to do for that finalizer).
    /// </summary>
    private (string? Namespace, string Name, string Uid)? DeletingOwner(FakeResource resource, JsonObject snapshot,
        string finalizer)
    {
        var ns = ObjectMeta.Namespace(snapshot);
        var name = ObjectMeta.Name(snapshot)!;
        var uid = ObjectMeta.GetString(snapshot, "uid") ?? string.Empty;
        var owner = store.Get(resource, ns, name);
        return owner is null || ObjectMeta.GetString(owner, "uid") != uid ||
               owner["metadata"]?["deletionTimestamp"] is null || !DeletePropagation.HasFinalizer(owner, finalizer)
            ? null
            : (ns, name, uid);
    }

    /// <summary>An owner with <c>foregroundDeletion</c>: delete its dependents, then drop the finalizer once no
    /// dependent with <c>blockOwnerDeletion</c> is left.</summary>
    private void DeleteDependentsInForeground(FakeResource resource, JsonObject snapshot)
    {
        if (DeletingOwner(resource, snapshot, DeletePropagation.ForegroundFinalizer) is not var (ns, name, uid))
        {
            return;
        }

        foreach (var (dependentResource, dependent) in store.DependentsOf(uid))
        {
            AttemptToDelete(dependentResource, dependent);
        }

        var blocking = store.DependentsOf(uid).Any(d => OwnerReferences(d.Object)
            .Any(r => Uid(r) == uid && r["blockOwnerDeletion"] is JsonValue b && b.TryGetValue<bool>(out var v) && v));
        if (!blocking)
        {
            UpdateIfSame(resource, ns, name, uid,
                c => DeletePropagation.WithoutFinalizer(c, DeletePropagation.ForegroundFinalizer));
        }
    }

    /// <summary>An owner with the <c>orphan</c> finalizer: its reference leaves every dependent, then the finalizer goes.</summary>
    private void OrphanDependents(FakeResource resource, JsonObject snapshot)
    {
        if (DeletingOwner(resource, snapshot, DeletePropagation.OrphanFinalizer) is not var (ns, name, uid))
        {
            return;
        }

        foreach (var (dependentResource, dependent) in store.DependentsOf(uid))
        {
            UpdateIfSame(dependentResource, ObjectMeta.Namespace(dependent), ObjectMeta.Name(dependent)!,
                ObjectMeta.GetString(dependent, "uid"), c => WithoutReferences(c, [uid]));
        }

        UpdateIfSame(resource, ns, name, uid, c => DeletePropagation.WithoutFinalizer(c, DeletePropagation.OrphanFinalizer));
    }

    private OwnerState Classify(JsonObject reference, FakeResource dependentResource, JsonObject dependent)
    {
        var resolved = Resolve(reference);
        if (resolved is null || (resolved.Namespaced && !dependentResource.Namespaced))
        {
            // Unknown kinds cannot be checked, and a namespaced owner of a cluster-scoped object is invalid: the
            // collector leaves such objects alone.
            return OwnerState.Solid;
        }

        var owner = Owner(reference, dependentResource, dependent);
        if (owner is null)
        {
            return OwnerState.Dangling;
        }

        return owner.Value.Object["metadata"]?["deletionTimestamp"] is not null &&
            DeletePropagation.HasFinalizer(owner.Value.Object, DeletePropagation.ForegroundFinalizer)
            ? OwnerState.WaitingForDependents
            : OwnerState.Solid;
    }

    /// <summary>The live owner a reference names (same uid), or null.</summary>
    private (FakeResource Resource, JsonObject Object)? Owner(JsonObject reference, FakeResource dependentResource,
        JsonObject dependent)
    {
        var resource = Resolve(reference);
        var name = reference["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
        if (resource is null || name is null || (resource.Namespaced && !dependentResource.Namespaced))
        {
            return null;
        }

        var owner = store.Get(resource, resource.Namespaced ? ObjectMeta.Namespace(dependent) : null, name);
        return owner is not null && ObjectMeta.GetString(owner, "uid") == Uid(reference) ? (resource, owner) : null;
    }

    /// <summary>The resource of a reference's apiVersion and kind (another served version of the group will do).</summary>
    private FakeResource? Resolve(JsonObject reference)
    {
        var apiVersion = reference["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var av) ? av : null;
        var kind = reference["kind"] is JsonValue k && k.TryGetValue<string>(out var kv) ? kv : null;
        if (apiVersion is null || kind is null)
        {
            return null;
        }

        if (store.FindResourceByKind(apiVersion, kind) is { } exact)
        {
            return exact;
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        return store.Resources.FirstOrDefault(r => r.Group == group && r.Kind == kind);
    }

    private void UpdateIfSame(FakeResource resource, string? ns, string name, string? uid, Func<JsonObject, JsonObject> edit) =>
        store.Write(resource, ns, name, c => c is not null && ObjectMeta.GetString(c, "uid") == uid ? edit(c) : c,
            dryRun: false);

    private static JsonObject WithoutReferences(JsonObject obj, IReadOnlyCollection<string> uids)
    {
        var copy = obj.DeepClone().AsObject();
        if (copy["metadata"]?["ownerReferences"] is JsonArray refs)
        {
            foreach (var reference in refs.OfType<JsonObject>().Where(r => uids.Contains(Uid(r))).ToList())
            {
                refs.Remove(reference);
            }

            if (refs.Count == 0)
            {
                ObjectMeta.Metadata(copy).Remove("ownerReferences");
            }
        }

        return copy;
    }

    private static bool ReferencesChanged(StoreEvent e) =>
        !JsonNode.DeepEquals(e.Object["metadata"]?["ownerReferences"], e.Previous?["metadata"]?["ownerReferences"]);
}
