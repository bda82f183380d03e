using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport.Apply;

/// <summary>
/// Field ownership as kube-apiserver keeps it (https://kubernetes.io/docs/reference/using-api/server-side-apply/;
/// sigs.k8s.io/structured-merge-diff merge/update.go): an apply merges its configuration by the schema's list and map
/// semantics, removes what this manager applied before and no longer applies unless someone else owns it, and answers
/// 409 when it changes a field another manager owns (unless forced, which takes the field); every other write makes its
/// manager own what it changed.
/// </summary>
internal static class FieldManager
{
    /// <summary>The manager that owns a live object's fields when its first apply finds no managedFields.</summary>
    public const string BeforeFirstApply = "before-first-apply";

    /// <summary>Fields no manager owns (internal/stripmeta.go).</summary>
    private static readonly FieldSet Stripped = StrippedFields();

    /// <summary>
    /// The object after <paramref name="manager"/> applies <paramref name="config"/> to <paramref name="current"/>
    /// (null: create), with <c>metadata.managedFields</c> updated. A status apply only touches <c>status</c>; a main
    /// resource apply never does when the resource has a status subresource.
    /// </summary>
    /// <exception cref="FakeApiException">409 <c>Conflict</c> with <c>FieldManagerConflict</c> causes.</exception>
    public static JsonObject Apply(FakeResource resource, JsonObject? current, JsonObject config, string manager,
        bool force, bool status, string now)
    {
        var type = FieldType.Root(resource);
        var live = current is null ? [] : ManagedFields.Without(current);
        var managers = current is null ? [] : ManagedFields.Decode(current);
        var applied = Reset(resource, ManagedFields.Without(config), status);
        var appliedSet = Structured.ToFieldSet(applied, type, strict: true).Difference(Stripped);
        if (current is not null && managers.Count == 0)
        {
            managers[ManagerKey.Update(BeforeFirstApply, string.Empty, resource.ApiVersion)] = new ManagedEntry(
                Structured.ToFieldSet(Reset(resource, live, status), type, strict: false).Difference(Stripped),
                resource.ApiVersion, now);
        }

        var key = ManagerKey.Apply(manager, status ? "status" : string.Empty);
        managers.TryGetValue(key, out var previous);
        managers[key] = new ManagedEntry(appliedSet, resource.ApiVersion, previous?.Time ?? now);

        var merged = Structured.Merge(live, applied, type);
        if (previous is not null)
        {
            var owned = managers.Values.Aggregate(new FieldSet(), (all, entry) => all.Union(entry.Set));
            Structured.Remove(merged, type, previous.Set.Difference(owned), owned);
        }

        var comparison = Structured.Compare(live, merged, type);
        var changed = comparison.Added.Union(comparison.Modified).Difference(Stripped);
        var conflicts = managers
            .Where(m => m.Key != key)
            .Select(m => (m.Key, Set: m.Value.Set.Intersection(changed)))
            .Where(c => !c.Set.IsEmpty)
            .OrderBy(c => c.Key.Manager, StringComparer.Ordinal)
            .ToList();
        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(conflicts);
        }

        Disown(managers, key, changed, comparison.Removed);
        if (!changed.IsEmpty || !comparison.Removed.Difference(Stripped).IsEmpty)
        {
            managers[key] = managers[key] with { Time = now };
        }

        ManagedFields.Encode(merged, managers);
        return merged;
    }

    /// <summary>
    /// Records a non-apply write (create, update, patch) by <paramref name="manager"/>: it owns what it added or changed,
    /// other managers lose it. Managed fields the request itself carries replace the live ones (main resource only).
    /// </summary>
    public static void Update(FakeResource resource, JsonObject? current, JsonObject next, string manager,
        string? subresource, string now)
    {
        var type = FieldType.Root(resource);
        var managers = subresource is null && ManagedFields.HasEntries(next)
            ? ManagedFields.Decode(next)
            : current is null ? [] : ManagedFields.Decode(current);
        var comparison = Structured.Compare(current is null ? [] : ManagedFields.Without(current),
            ManagedFields.Without(next), type);
        var changed = comparison.Added.Union(comparison.Modified).Difference(Stripped);
        var removed = comparison.Removed.Difference(Stripped);
        var key = ManagerKey.Update(manager, subresource ?? string.Empty, resource.ApiVersion);
        Disown(managers, key, changed, removed);
        managers.TryGetValue(key, out var previous);
        var set = (previous?.Set ?? new FieldSet()).Union(changed).Difference(removed);
        managers[key] = new ManagedEntry(set, resource.ApiVersion, changed.IsEmpty ? previous?.Time ?? now : now);
        ManagedFields.Encode(next, managers);
    }

    private static void Disown(Dictionary<ManagerKey, ManagedEntry> managers, ManagerKey self, FieldSet changed,
        FieldSet removed)
    {
        foreach (var (key, entry) in managers.Where(m => m.Key != self).ToList())
        {
            var left = entry.Set.Difference(changed).Difference(removed);
            if (left.IsEmpty)
            {
                managers.Remove(key);
            }
            else
            {
                managers[key] = entry with { Set = left };
            }
        }
    }

    /// <summary>
    /// Drops the fields this kind of write does not set (the strategy's reset fields): status on the main resource when
    /// there is a status subresource; everything but status on the status subresource.
    /// </summary>
    private static JsonObject Reset(FakeResource resource, JsonObject obj, bool status)
    {
        if (status)
        {
            var only = new JsonObject();
            if (obj["status"] is { } value)
            {
                only["status"] = value.DeepClone();
            }

            return only;
        }

        var copy = obj.DeepClone().AsObject();
        if (resource.StatusSubresource && resource.Plural != "namespaces")
        {
            copy.Remove("status");
        }

        return copy;
    }

    /// <summary>kube's apply conflict (internal/conflict.go NewConflictError).</summary>
    private static FakeApiException Conflict(IReadOnlyList<(ManagerKey Key, FieldSet Set)> conflicts)
    {
        var causes = new JsonArray();
        var lines = new List<string>();
        var count = 0;
        foreach (var (key, set) in conflicts)
        {
            lines.Add($"conflicts with {key.Show()}:");
            foreach (var path in set.Members())
            {
                var field = PathElement.Show(path);
                causes.Add(new JsonObject
                {
                    ["reason"] = "FieldManagerConflict",
                    ["message"] = $"conflict with {key.Show()}",
                    ["field"] = field,
                });
                lines.Add($"- {field}");
                count++;
            }
        }

        var message = count == 1
            ? $"Apply failed with 1 conflict: conflict with {conflicts[0].Key.Show()}: {causes[0]!["field"]}"
            : $"Apply failed with {count} conflicts: {string.Join("\n", lines)}";
        return new FakeApiException(409, "Conflict", message, new JsonObject { ["causes"] = causes });
    }

    private static FieldSet StrippedFields()
    {
        var set = new FieldSet();
        set.Insert([PathElement.Field("apiVersion")]);
        set.Insert([PathElement.Field("kind")]);
        set.Insert([PathElement.Field("metadata")]);
        foreach (var name in new[]
                 {
                     "name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation",
                     "managedFields", "resourceVersion",
                 })
        {
            set.Insert([PathElement.Field("metadata"), PathElement.Field(name)]);
        }

        return set;
    }
}
