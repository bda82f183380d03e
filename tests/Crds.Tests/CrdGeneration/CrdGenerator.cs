using ClusterGateway.Crds.V1Alpha1;
using YamlDotNet.Serialization;

namespace ClusterGateway.Crds.Tests.CrdGeneration;

/// <summary>
/// Generates <c>config/crd/*.yaml</c> (apiextensions.k8s.io/v1 CustomResourceDefinition) from the C# types and their
/// XML docs. Regenerate: <c>CLUSTERGATEWAY_UPDATE_CRDS=1 dotnet test tests/Crds.Tests --filter FullyQualifiedName~CrdDrift</c>.
/// </summary>
internal static class CrdGenerator
{
    public const string RegenerateCommand =
        "CLUSTERGATEWAY_UPDATE_CRDS=1 dotnet test tests/Crds.Tests --filter FullyQualifiedName~CrdDrift";

    /// <summary>Every generated CRD: path relative to the repository root, and its YAML.</summary>
    public static IReadOnlyList<(string RelativePath, string Yaml)> GenerateAll() =>
    [
        ("config/crd/proxy.open-cluster-management.io_clustergatewayconfigurations.yaml",
            Generate(V1Alpha1ClusterGatewayConfiguration.ResourceKind.Group, "clustergatewayconfiguration",
                V1Alpha1ClusterGatewayConfiguration.ResourceKind, typeof(V1Alpha1ClusterGatewayConfiguration))),
    ];

    public static SortedDictionary<string, object> Schema(Type root)
    {
        var docs = new XmlDocs();
        var schema = new SchemaBuilder(docs).ForType(root);
        var properties = (SortedDictionary<string, object>)schema["properties"];
        properties["metadata"] = new SortedDictionary<string, object>(StringComparer.Ordinal) { ["type"] = "object" };
        if (docs.Summary(root) is { } description)
        {
            schema["description"] = description;
        }

        return schema;
    }

    private static string Generate(string group, string singular, Kube.Models.ResourceKind kind, Type root)
    {
        var hasStatus = root.GetProperty("Status") is not null;
        var version = new Dictionary<string, object>
        {
            ["name"] = kind.Version,
            ["schema"] = new Dictionary<string, object> { ["openAPIV3Schema"] = Schema(root) },
            ["served"] = true,
            ["storage"] = true,
        };
        if (hasStatus)
        {
            version["subresources"] = new Dictionary<string, object> { ["status"] = new Dictionary<string, object>() };
        }

        var crd = new Dictionary<string, object>
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new Dictionary<string, object> { ["name"] = kind.Plural + "." + group },
            ["spec"] = new Dictionary<string, object>
            {
                ["group"] = group,
                ["names"] = new Dictionary<string, object>
                {
                    ["kind"] = kind.Kind,
                    ["listKind"] = kind.Kind + "List",
                    ["plural"] = kind.Plural,
                    ["singular"] = singular,
                },
                ["scope"] = kind.Namespaced ? "Namespaced" : "Cluster",
                ["versions"] = new List<object> { version },
            },
        };

        var serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();
        return "# Generated from the C# types in src/Crds and their XML docs. DO NOT EDIT.\n"
            + "# Regenerate: " + RegenerateCommand + "\n"
            + serializer.Serialize(crd).ReplaceLineEndings("\n");
    }
}
