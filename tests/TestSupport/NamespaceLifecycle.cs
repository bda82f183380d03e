using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>
/// Namespace lifecycle: the admission rules (k8s.io/kubernetes/plugin/pkg/admission/namespace/lifecycle/admission.go:
/// no new content in a missing or terminating namespace, the immortal namespaces cannot be deleted), the namespace
/// registry's delete (k8s.io/kubernetes/pkg/registry/core/namespace/storage/storage.go: the first DELETE only marks the
/// namespace <c>Terminating</c>), and the namespace controller (k8s.io/kubernetes/pkg/controller/namespace/deletion/
/// namespaced_resources_deleter.go: delete everything in it, honouring finalizers, then drop the <c>kubernetes</c>
/// finalizer so the namespace goes). See https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/.
/// </summary>
internal static class NamespaceLifecycle
{
    /// <summary>The <c>spec.finalizers</c> entry the namespace controller removes once the namespace is empty.</summary>
    public const string KubernetesFinalizer = "kubernetes";

    private static readonly HashSet<string> Immortal = new(["default", "kube-system", "kube-public"], StringComparer.Ordinal);

    public static bool IsNamespaces(FakeResource resource) =>
        resource.Group.Length == 0 && resource.Plural == "namespaces";

    /// <summary>
    /// Admission of a create of <paramref name="name"/> in <paramref name="ns"/>: 403 <c>NamespaceTerminating</c> while
    /// the namespace is being deleted, 404 when it does not exist (unless <paramref name="namespaceMustExist"/> is off).
    /// </summary>
    public static void AdmitCreate(FakeObjectStore store, FakeResource resource, string? ns, string? name,
        bool namespaceMustExist)
    {
        if (!resource.Namespaced || ns is null || resource.CreateOnly)
        {
            return;
        }

        var target = store.Get(FakeResource.Namespaces, null, ns);
        if (target is null)
        {
            if (namespaceMustExist)
            {
                throw new FakeApiException(404, "NotFound", $"namespaces \"{ns}\" not found",
                    new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });
            }

            return;
        }

        if (target["metadata"]?["deletionTimestamp"] is null)
        {
            return;
        }

        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }

        if (resource.Group.Length > 0)
        {
            details["group"] = resource.Group;
        }

        details["kind"] = resource.Plural;
        details["causes"] = new JsonArray(new JsonObject
        {
            ["reason"] = "NamespaceTerminating",
            ["message"] = $"namespace {ns} is being terminated",
            ["field"] = "metadata.namespace",
        });
        var subject = string.IsNullOrEmpty(name) ? resource.QualifiedResource : $"{resource.QualifiedResource} \"{name}\"";
        throw new FakeApiException(403, "Forbidden",
            $"{subject} is forbidden: unable to create new content in namespace {ns} because it is being terminated",
            details);
    }

    /// <summary>
    /// The next state of a Namespace on DELETE: the first one sets <c>deletionTimestamp</c> and phase
    /// <c>Terminating</c>; a later one deletes it only once <c>spec.finalizers</c> is empty. 403 for the immortal ones.
    /// </summary>
    public static JsonObject? Deleting(JsonObject current, string? policy, string now)
    {
        var name = ObjectMeta.Name(current)!;
        if (Immortal.Contains(name))
        {
            throw new FakeApiException(403, "Forbidden",
                $"namespaces \"{name}\" is forbidden: this namespace may not be deleted",
                new JsonObject { ["name"] = name, ["kind"] = "namespaces" });
        }

        var metadata = ObjectMeta.Metadata(current);
        if (metadata["deletionTimestamp"] is null)
        {
            metadata["deletionTimestamp"] = now;
            metadata["deletionGracePeriodSeconds"] = 0;
            var status = current["status"] as JsonObject ?? [];
            current["status"] = status;
            status["phase"] = "Terminating";
            return DeletePropagation.Deleting(current, policy, now) ?? current;
        }

        return SpecFinalizers(current).Count > 0 ? current : DeletePropagation.Deleting(current, policy, now);
    }

    /// <summary>Whether a namespace marked for deletion is still held by <c>spec.finalizers</c>.</summary>
    public static bool HeldBySpecFinalizers(FakeResource resource, JsonObject obj) =>
        IsNamespaces(resource) && SpecFinalizers(obj).Count > 0;

    /// <summary>
    /// What the namespace registry does on every write: a new namespace gets <c>spec.finalizers: [kubernetes]</c>, an
    /// update that omits them keeps the stored ones, a namespace marked for deletion stays <c>Terminating</c>.
    /// </summary>
    public static void Normalize(JsonObject? current, JsonObject desired)
    {
        if (desired["spec"]?["finalizers"] is null)
        {
            var spec = desired["spec"] as JsonObject ?? [];
            desired["spec"] = spec;
            spec["finalizers"] = current is null
                ? new JsonArray(KubernetesFinalizer)
                : current["spec"]?["finalizers"]?.DeepClone() ?? new JsonArray();
        }

        if (desired["metadata"]?["deletionTimestamp"] is not null && desired["status"] is JsonObject status)
        {
            status["phase"] = "Terminating";
        }
    }

    /// <summary>
    /// The namespace controller's step for one change: when a namespace is (or an object in one is) marked for
    /// deletion or removed, delete what is left in that namespace; once nothing is left, finalize the namespace.
    /// </summary>
    public static void Handle(FakeObjectStore store, FakeResource resource, StoreEvent e)
    {
        var ns = IsNamespaces(resource) ? ObjectMeta.Name(e.Object) : resource.Namespaced ? ObjectMeta.Namespace(e.Object) : null;
        if (ns is null || (IsNamespaces(resource) && e.Type == "DELETED"))
        {
            return;
        }

        var target = store.Get(FakeResource.Namespaces, null, ns);
        if (target?["metadata"]?["deletionTimestamp"] is null)
        {
            return;
        }

        var uid = ObjectMeta.GetString(target, "uid");
        var remaining = false;
        foreach (var namespaced in store.Resources.Where(r => r.Namespaced && !r.CreateOnly)
                     .DistinctBy(FakeObjectStore.StorageKey).ToList())
        {
            foreach (var obj in store.List(namespaced, ns))
            {
                if (obj["metadata"]?["deletionTimestamp"] is null)
                {
                    var objUid = ObjectMeta.GetString(obj, "uid");
                    store.Write(namespaced, ns, ObjectMeta.Name(obj)!, c => c is not null &&
                        ObjectMeta.GetString(c, "uid") == objUid
                            ? DeletePropagation.Deleting(c, "Background", store.Now())
                            : c, dryRun: false);
                }

                remaining |= store.Get(namespaced, ns, ObjectMeta.Name(obj)!) is not null;
            }
        }

        if (!remaining)
        {
            store.Write(FakeResource.Namespaces, null, ns, c =>
            {
                if (c is null || ObjectMeta.GetString(c, "uid") != uid)
                {
                    return c;
                }

                var spec = c["spec"] as JsonObject ?? [];
                c["spec"] = spec;
                spec["finalizers"] = new JsonArray([.. SpecFinalizers(c).Where(f => f != KubernetesFinalizer)
                    .Select(f => (JsonNode?)JsonValue.Create(f))]);
                return c;
            }, dryRun: false);
        }
    }

    private static List<string> SpecFinalizers(JsonObject obj) =>
        (obj["spec"]?["finalizers"] as JsonArray)?.Select(f => f is JsonValue v && v.TryGetValue<string>(out var s) ? s : "")
            .Where(s => s.Length > 0).ToList() ?? [];
}
