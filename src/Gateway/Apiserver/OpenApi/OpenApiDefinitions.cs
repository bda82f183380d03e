using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Apiserver.OpenApi;

/// <summary>All definitions (<see cref="ClusterGatewaySchemas"/> and <see cref="MetaSchemas"/>) in v2 form, sorted by name.</summary>
internal static class OpenApiDefinitions
{
    /// <summary>The API title, as upstream's (<c>cmd/apiserver/main.go</c>).</summary>
    public const string Title = "Cluster Gateway";

    /// <summary>The API document version, as upstream's.</summary>
    public const string Version = "1.0.0";

    /// <summary>A fresh copy of every definition, keyed by name (JSON nodes have one parent each).</summary>
    /// <returns>The definitions.</returns>
    public static JsonObject Create()
    {
        var all = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var source in new[] { ClusterGatewaySchemas.Json, MetaSchemas.Json })
        {
            foreach (var (name, schema) in JsonNode.Parse(source)!.AsObject())
            {
                all[name] = schema?.DeepClone();
            }
        }

        return new JsonObject(all);
    }

    /// <summary>The <c>info</c> object of both documents.</summary>
    /// <returns>A fresh node.</returns>
    public static JsonObject Info() => new() { ["title"] = Title, ["version"] = Version };

    /// <summary><c>x-kubernetes-group-version-kind</c> of an operation.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>A fresh node.</returns>
    public static JsonObject GroupVersionKind(string kind) =>
        new() { ["group"] = Crds.ApiGroups.ClusterGroup, ["kind"] = kind, ["version"] = Crds.ApiGroups.Version };

    /// <summary>A JSON array of strings.</summary>
    /// <param name="values">The strings.</param>
    /// <returns>A fresh node.</returns>
    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
