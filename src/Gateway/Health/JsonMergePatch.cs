using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Health;

/// <summary>
/// JSON Merge Patch (RFC 7386): objects merge recursively, <c>null</c> removes a member, anything else replaces.
/// Kubernetes applies <c>application/merge-patch+json</c> this way; for the health subresource, whose object has no
/// lists, <c>application/strategic-merge-patch+json</c> gives the same result.
/// </summary>
internal static class JsonMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="target"/>.</summary>
    /// <param name="target">The document (not modified).</param>
    /// <param name="patch">The merge patch.</param>
    /// <returns>The patched document.</returns>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? targetObject.DeepClone().AsObject() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result[name], value);
            }
        }

        return result;
    }
}
