using System.Text.Json.Nodes;

namespace ClusterGateway.Gateway.Tests.Ocm;

/// <summary>The ManagedClusters the tests build have the real OCM shape (fields declared by the CRD schema).</summary>
public sealed class OcmSchemaTests
{
    [Fact(Timeout = 10_000)]
    public async Task ManagedCluster_TestObjects_OnlyUseFieldsOfTheCrdSchema()
    {
        await Task.Yield();
        var schema = CrdSchema.Load(OcmObjects.CrdYaml, "v1");
        OcmObjects.ManagedCluster("sample", "https://127.0.0.1:6443", "pem", "False", "Lost", "gone");
        OcmObjects.ManagedCluster("no-status", "https://127.0.0.1:6443", available: null);

        foreach (var obj in OcmObjects.Created)
        {
            CrdSchema.Violations(obj, schema).Should().BeEmpty(obj.ToJsonString());
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task Violations_UndeclaredOrMistypedField_Reported()
    {
        await Task.Yield();
        var schema = CrdSchema.Load(OcmObjects.CrdYaml, "v1");
        var obj = OcmObjects.ManagedCluster("drift", "https://127.0.0.1:6443");
        obj["spec"]!["managedClusterClientConfigs"]![0]!["caData"] = "x";
        obj["spec"]!["hubAcceptsClient"] = "yes";

        CrdSchema.Violations(obj, schema).Should().BeEquivalentTo(
            ".spec.hubAcceptsClient: expected boolean, got String",
            ".spec.managedClusterClientConfigs[0].caData: not in the schema");
        CrdSchema.Violations(new JsonObject { ["spec"] = new JsonObject() }, schema).Should().BeEmpty();
    }
}
