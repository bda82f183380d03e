using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Apiserver.OpenApi;

namespace ClusterGateway.Gateway.Tests.Apiserver;

/// <summary>The hand-written OpenAPI definitions list exactly the JSON properties of the C# ClusterGateway types.</summary>
public sealed class OpenApiSchemaDriftTests
{
    public static TheoryData<Type, string> Types => new()
    {
        { typeof(V1Alpha1ClusterGateway), "ClusterGateway" },
        { typeof(ClusterGatewaySpec), "ClusterGatewaySpec" },
        { typeof(ClusterAccess), "ClusterAccess" },
        { typeof(ClusterEndpoint), "ClusterEndpoint" },
        { typeof(ClusterEndpointConst), "ClusterEndpointConst" },
        { typeof(ClusterAccessCredential), "ClusterAccessCredential" },
        { typeof(X509), "X509" },
        { typeof(ClusterGatewayStatus), "ClusterGatewayStatus" },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void Definition_Properties_MatchTheCSharpType(Type type, string definition)
    {
        var schema = JsonNode.Parse(ClusterGatewaySchemas.Json)![ClusterGatewaySchemas.Prefix + definition]!;
        var expected = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name)
            .Order(StringComparer.Ordinal);

        schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).Should().Equal(expected);
        schema["properties"]!.AsObject().Should().OnlyContain(p => ((string?)p.Value!["description"])!.Length > 0 || p.Key == "type");
        ((string?)schema["description"]).Should().NotBeNullOrEmpty();
    }
}
