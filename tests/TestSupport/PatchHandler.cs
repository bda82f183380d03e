using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ClusterGateway.TestSupport;

/// <summary>
/// PATCH: JSON merge patch, strategic merge patch (approximated), JSON patch and server-side apply (create or
/// merge; fields this manager applied before and no longer applies are removed).
/// </summary>
internal sealed class PatchHandler(FakeApiServer server)
{
    public async Task PatchAsync(HttpContext context, FakeResource resource, string? ns, string name, bool status)
    {
        var contentType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        var dryRun = RequestValidation.DryRun(context);
        if (contentType == "application/apply-patch+yaml")
        {
            await ApplyAsync(context, resource, ns, name, status, text, dryRun);
            return;
        }

        Func<JsonObject, JsonObject> patch = contentType switch
        {
            "application/merge-patch+json" => current => AsObject(JsonMergePatch.Apply(current, ParseJson(text))),
            "application/strategic-merge-patch+json" =>
                current => AsObject(StrategicMergePatch.Apply(current, ParseJson(text))),
            "application/json-patch+json" => current => AsObject(JsonPatch.Apply(current,
                ParseJson(text) as JsonArray ?? throw FakeApiException.BadRequest("json patch must be an array"))),
            _ => throw new FakeApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: " +
                "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, " +
                "application/strategic-merge-patch+json"),
        };
        var result = server.Store.Write(resource, ns, name, current =>
        {
            if (current is null)
            {
                throw FakeApiException.NotFound(resource, name);
            }

            var patched = patch(current.DeepClone().AsObject());
            return Finish(resource, ns, name, current, patched, status);
        }, dryRun);
        await ResourceHandler.WriteObjectAsync(context, server, 200, result.Object!);
    }

    private async Task ApplyAsync(HttpContext context, FakeResource resource, string? ns, string name, bool status,
        string text, bool dryRun)
    {
        var manager = context.Request.Query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            throw new FakeApiException(422, "Invalid",
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }

        var applied = YamlJson.ParseObject(text);
        RequestValidation.CheckTypeAndNamespace(resource, ns, applied);
        if (applied["apiVersion"] is null || applied["kind"] is null)
        {
            throw FakeApiException.BadRequest("apiVersion and kind must be set in an apply configuration");
        }

        Rbac.CreateAuthorization.OnApply(server, context, resource, ns, name);
        var created = false;
        var result = server.Store.Write(resource, ns, name, current =>
        {
            if (current is null)
            {
                created = true;
                RequestValidation.ValidateName(resource, name);
                var fresh = applied.DeepClone().AsObject();
                if (resource.StatusSubresource && !status)
                {
                    fresh.Remove("status");
                }

                // The status subresource never creates (kube-apiserver's status REST update does not allow create).
                return status
                    ? throw FakeApiException.NotFound(resource, name)
                    : Schema.CustomResourceAdmission.Admit(resource, fresh, null);
            }

            var key = $"{ObjectMeta.GetString(current, "uid")}\n{manager}";
            var live = current.DeepClone().AsObject();
            if (server.Store.AppliedConfigurations.TryGetValue(key, out var previous))
            {
                RemoveDisowned(live, previous, applied, top: true);
            }

            var merged = AsObject(StrategicMergePatch.Apply(live, applied, nullDeletes: false));
            return Finish(resource, ns, name, current, merged, status);
        }, dryRun);
        if (!dryRun && result.Object is { } stored)
        {
            server.Store.AppliedConfigurations[$"{ObjectMeta.GetString(stored, "uid")}\n{manager}"] =
                applied.DeepClone().AsObject();
        }

        await ResourceHandler.WriteObjectAsync(context, server, created ? 201 : 200, result.Object!);
    }

    private static JsonObject Finish(FakeResource resource, string? ns, string name, JsonObject current,
        JsonObject patched, bool status)
    {
        var metadata = ObjectMeta.Metadata(patched);
        metadata["name"] = name;
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        return ResourceWriter.Updated(resource, name, current, patched, status);
    }

    /// <summary>Removes fields the manager applied before but no longer applies.</summary>
    private static void RemoveDisowned(JsonObject live, JsonObject previous, JsonObject applied, bool top)
    {
        foreach (var (key, value) in previous)
        {
            if (top && key is "apiVersion" or "kind")
            {
                continue;
            }

            if (!applied.TryGetPropertyValue(key, out var now))
            {
                if (!(top && key == "metadata"))
                {
                    live.Remove(key);
                }

                continue;
            }

            if (value is JsonObject before && now is JsonObject after && live[key] is JsonObject inner)
            {
                RemoveDisowned(inner, before, after, top: false);
            }
        }
    }

    private static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw FakeApiException.BadRequest($"error decoding patch: {e.Message}");
        }
    }

    private static JsonObject AsObject(JsonNode? node) =>
        node as JsonObject ?? throw new FakeApiException(422, "Invalid", "the patched document is not an object");
}
