using System.Text;
using System.Text.Json.Nodes;

namespace ClusterGateway.TestSupport;

/// <summary>What the API server does to every object it stores (system metadata, Secret stringData, ...).</summary>
internal static class ObjectNormalizer
{
    public static JsonObject Normalize(FakeResource resource, string? @namespace, string name, JsonObject? current,
        JsonObject desired, string now)
    {
        var result = new JsonObject { ["kind"] = resource.Kind, ["apiVersion"] = resource.ApiVersion };
        var metadata = desired["metadata"] is JsonObject m ? m.DeepClone().AsObject() : [];
        result["metadata"] = metadata;
        foreach (var (key, value) in desired)
        {
            if (key is not ("kind" or "apiVersion" or "metadata"))
            {
                result[key] = value?.DeepClone();
            }
        }

        metadata["name"] = name;
        if (resource.Namespaced)
        {
            metadata["namespace"] = @namespace ?? "default";
        }
        else
        {
            metadata.Remove("namespace");
        }

        metadata.Remove("resourceVersion");
        metadata.Remove("selfLink");
        if (current is null)
        {
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = now;
            if (resource.StatusSubresource)
            {
                metadata["generation"] = 1;
            }
        }
        else
        {
            var old = (JsonObject)current["metadata"]!;
            metadata["uid"] = old["uid"]?.DeepClone();
            metadata["creationTimestamp"] = old["creationTimestamp"]?.DeepClone();
            if (old["deletionTimestamp"] is { } deletion)
            {
                metadata["deletionTimestamp"] = deletion.DeepClone();
            }

            if (old["generation"] is { } generation)
            {
                var value = long.Parse(generation.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                metadata["generation"] = SpecChanged(current, result) ? value + 1 : value;
            }
        }

        ApplyKindRules(resource, result);
        if (NamespaceLifecycle.IsNamespaces(resource))
        {
            NamespaceLifecycle.Normalize(current, result);
        }

        return result;
    }

    /// <summary>Equal apart from resourceVersion and managedFields times (a change of owners alone is a write).</summary>
    public static bool SameContent(JsonObject stored, JsonObject desired)
    {
        var a = stored.DeepClone().AsObject();
        var b = desired.DeepClone().AsObject();
        foreach (var o in new[] { a, b })
        {
            if (o["metadata"] is JsonObject metadata)
            {
                metadata.Remove("resourceVersion");
                foreach (var entry in (metadata["managedFields"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    entry.Remove("time");
                }
            }
        }

        return JsonNode.DeepEquals(a, b);
    }

    /// <summary>The resources a CustomResourceDefinition serves.</summary>
    public static IEnumerable<FakeResource> ResourcesOfCrd(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        var names = spec?["names"] as JsonObject;
        var group = spec?["group"]?.GetValue<string>();
        var plural = names?["plural"]?.GetValue<string>();
        var kind = names?["kind"]?.GetValue<string>();
        if (group is null || plural is null || kind is null || spec?["versions"] is not JsonArray versions)
        {
            yield break;
        }

        var namespaced = string.Equals(spec["scope"]?.GetValue<string>(), "Namespaced", StringComparison.Ordinal);
        var shortNames = (names!["shortNames"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToArray() ?? [];
        foreach (var version in versions.OfType<JsonObject>())
        {
            if (version["served"]?.GetValue<bool>() == false || version["name"]?.GetValue<string>() is not { } v)
            {
                continue;
            }

            yield return new FakeResource(group, v, plural, kind, namespaced)
            {
                SingularName = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant(),
                ShortNames = shortNames,
                StatusSubresource = version["subresources"]?["status"] is not null,
                Schema = version["schema"]?["openAPIV3Schema"]?.DeepClone() as JsonObject,
            };
        }
    }

    private static bool SpecChanged(JsonObject current, JsonObject desired)
    {
        var a = current.DeepClone().AsObject();
        var b = desired.DeepClone().AsObject();
        foreach (var o in new[] { a, b })
        {
            o.Remove("metadata");
            o.Remove("status");
        }

        return !JsonNode.DeepEquals(a, b);
    }

    private static void ApplyKindRules(FakeResource resource, JsonObject obj)
    {
        if (resource.Group.Length == 0 && resource.Kind == "Secret" && obj["stringData"] is JsonObject stringData)
        {
            var data = obj["data"] as JsonObject ?? [];
            obj["data"] = data;
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? string.Empty));
            }

            obj.Remove("stringData");
        }

        if (resource.Group.Length == 0 && resource.Kind == "Secret" && obj["type"] is null)
        {
            obj["type"] = "Opaque";
        }

        if (resource.Group.Length == 0 && resource.Kind == "Namespace")
        {
            var status = obj["status"] as JsonObject ?? [];
            obj["status"] = status;
            status["phase"] ??= "Active";
        }

        if (resource.Kind == "CustomResourceDefinition" && resource.Group == "apiextensions.k8s.io")
        {
            var status = obj["status"] as JsonObject ?? [];
            obj["status"] = status;
            status["acceptedNames"] = obj["spec"]?["names"]?.DeepClone();
            status["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["reason"] = "NoConflicts" },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["reason"] = "InitialNamesAccepted" });
        }
    }
}
