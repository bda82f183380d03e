using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>
/// How a delete treats dependents (<c>DeleteOptions.propagationPolicy</c>), and the state the deleted object enters:
/// removed at once, or kept with a <c>deletionTimestamp</c> while finalizers (its own, <c>orphan</c> or
/// <c>foregroundDeletion</c>) remain. Rules from k8s.io/apiserver/pkg/registry/generic/registry/store.go
/// (<c>deletionFinalizersForGarbageCollection</c>) and
/// https://kubernetes.io/docs/concepts/architecture/garbage-collection/#cascading-deletion.
/// </summary>
internal static class DeletePropagation
{
    /// <summary>The finalizer that makes the garbage collector orphan the dependents first.</summary>
    public const string OrphanFinalizer = "orphan";

    /// <summary>The finalizer that makes the garbage collector delete the blocking dependents first.</summary>
    public const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>
    /// The policy of a DELETE: query <c>propagationPolicy</c>, else the body's <c>propagationPolicy</c>, else the
    /// deprecated <c>orphanDependents</c>; null when none was given. 400 for an unknown policy.
    /// </summary>
    public static string? Policy(HttpContext context, JsonObject? options)
    {
        var policy = context.Request.Query["propagationPolicy"].ToString();
        if (policy.Length == 0)
        {
            policy = options?["propagationPolicy"]?.GetValue<string>() ?? string.Empty;
        }

        if (policy.Length == 0)
        {
            var orphan = context.Request.Query["orphanDependents"].ToString();
            if (orphan is "true" or "false")
            {
                return orphan == "true" ? "Orphan" : "Background";
            }

            return options?["orphanDependents"] is JsonValue value && value.TryGetValue<bool>(out var b)
                ? b ? "Orphan" : "Background"
                : null;
        }

        return policy is "Orphan" or "Background" or "Foreground"
            ? policy
            : throw new FakeApiException(422, "Invalid",
                $"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{policy}\": " +
                "supported values: \"Foreground\", \"Background\", \"Orphan\"");
    }

    /// <summary>
    /// The next state of <paramref name="current"/> (a copy, edited) for a delete with <paramref name="policy"/>: null
    /// when it is removed now, else the object with its finalizers and <c>deletionTimestamp</c>.
    /// </summary>
    public static JsonObject? Deleting(JsonObject current, string? policy, string now)
    {
        var metadata = ObjectMeta.Metadata(current);
        var finalizers = (metadata["finalizers"] as JsonArray)?.Select(f => f?.GetValue<string>() ?? string.Empty)
            .ToList() ?? [];
        if (policy is not null)
        {
            finalizers.RemoveAll(f => f is OrphanFinalizer or ForegroundFinalizer);
            if (policy == "Orphan")
            {
                finalizers.Add(OrphanFinalizer);
            }
            else if (policy == "Foreground")
            {
                finalizers.Add(ForegroundFinalizer);
            }
        }

        if (finalizers.Count == 0)
        {
            return null;
        }

        metadata["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode?)JsonValue.Create(f))]);
        metadata["deletionTimestamp"] ??= now;
        metadata["deletionGracePeriodSeconds"] ??= 0;
        return current;
    }

    /// <summary>Whether the object's <c>metadata.finalizers</c> holds <paramref name="finalizer"/>.</summary>
    public static bool HasFinalizer(JsonObject obj, string finalizer) =>
        obj["metadata"]?["finalizers"] is JsonArray finalizers &&
        finalizers.Any(f => f is JsonValue v && v.TryGetValue<string>(out var s) && s == finalizer);

    /// <summary>A copy without <paramref name="finalizer"/> in <c>metadata.finalizers</c>.</summary>
    public static JsonObject WithoutFinalizer(JsonObject obj, string finalizer)
    {
        var copy = obj.DeepClone().AsObject();
        if (copy["metadata"]?["finalizers"] is JsonArray finalizers)
        {
            foreach (var f in finalizers.Where(f => f is JsonValue v && v.TryGetValue<string>(out var s) && s == finalizer)
                         .ToList())
            {
                finalizers.Remove(f);
            }
        }

        return copy;
    }
}
