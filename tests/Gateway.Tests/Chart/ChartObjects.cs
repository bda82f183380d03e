using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Tests.Chart;

/// <summary>Lookups in rendered chart objects.</summary>
internal static class ChartObjects
{
    public static string Kind(JsonObject o) => o["kind"]!.GetValue<string>();

    public static string Name(JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();

    public static string? Namespace(JsonObject o) => o["metadata"]!["namespace"]?.GetValue<string>();

    public static JsonObject Single(IReadOnlyList<JsonObject> objects, string kind) =>
        objects.Should().ContainSingle(o => Kind(o) == kind).Subject;

    public static JsonNode Pod(IReadOnlyList<JsonObject> objects) => Single(objects, "Deployment")["spec"]!["template"]!["spec"]!;

    public static JsonNode Container(IReadOnlyList<JsonObject> objects) =>
        Pod(objects)["containers"]!.AsArray().Should().ContainSingle().Subject!;

    public static string[] Args(IReadOnlyList<JsonObject> objects) => Strings(Container(objects)["args"]);

    public static string[] Strings(JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<string>())];

    /// <summary>The decoded value of a Secret's data key.</summary>
    public static string SecretData(JsonObject secret, string key) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]![key]!.GetValue<string>()));
}
