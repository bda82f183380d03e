using System.Text.Json.Nodes;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Crds.Tests.CrdGeneration;

/// <summary>
/// The generated ClusterGatewayConfiguration schema equals upstream's controller-gen output
/// (<c>assets/upstream-clustergatewayconfigurations-crd.yaml</c>) in everything but descriptions, except for the one
/// deliberate changes: <c>spec.egress.type</c> carries the enum <c>Direct|ClusterProxy</c>, and <c>spec.secretManagement</c>
/// is optional (upstream requires it, yet its own sample <c>hack/samples/clustergatewayconfiguration.yaml</c> omits it).
/// </summary>
public sealed class UpstreamCrdParityTests
{
    private static JsonObject VersionOf(string yaml) =>
        YamlJson.ParseObject(yaml)["spec"]!["versions"]![0]!.AsObject();

    [Fact]
    public void Generate_ClusterGatewayConfiguration_MatchesUpstreamSchemaApartFromDescriptions()
    {
        var upstream = VersionOf(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "assets", "upstream-clustergatewayconfigurations-crd.yaml")));
        var generated = VersionOf(CrdGenerator.GenerateAll()[0].Yaml);
        var egressType = generated["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["egress"]!["properties"]!["type"]!.AsObject();
        egressType["enum"]!.AsArray().Select(v => (string)v!).Should().Equal("Direct", "ClusterProxy");
        egressType.Remove("enum");
        var upstreamRequired = upstream["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["required"]!.AsArray();
        upstreamRequired.Select(v => (string)v!).Should().Contain("secretManagement");
        upstreamRequired.Remove(upstreamRequired.First(v => (string)v! == "secretManagement"));

        StripDescriptions(upstream);
        StripDescriptions(generated);

        JsonNode.DeepEquals(generated, upstream).Should().BeTrue(
            $"generated: {generated.ToJsonString()}\nupstream:  {upstream.ToJsonString()}");
    }

    [Fact]
    public void Generate_ClusterGatewayConfiguration_NamesAndScopeAsUpstream()
    {
        var upstream = YamlJson.ParseObject(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "assets", "upstream-clustergatewayconfigurations-crd.yaml")));
        var generated = YamlJson.ParseObject(CrdGenerator.GenerateAll()[0].Yaml);

        JsonNode.DeepEquals(generated["spec"]!["names"], upstream["spec"]!["names"]).Should().BeTrue();
        ((string?)generated["spec"]!["scope"]).Should().Be("Cluster");
        ((string?)generated["spec"]!["group"]).Should().Be("proxy.open-cluster-management.io");
        ((string?)generated["metadata"]!["name"]).Should().Be((string?)upstream["metadata"]!["name"]);
    }

    private static void StripDescriptions(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove("description");
                foreach (var (_, child) in obj)
                {
                    StripDescriptions(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    StripDescriptions(child);
                }

                break;
        }
    }
}
