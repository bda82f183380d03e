using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Kube.Json;

namespace ClusterGateway.Crds.Tests.Ocm;

/// <summary>The minimally modelled OCM kinds keep every unmodelled field through a read-write round trip.</summary>
public sealed class OcmAddonKindsRoundTripTests
{
    private const string AddOn = """
        {"apiVersion":"addon.open-cluster-management.io/v1alpha1","kind":"ManagedClusterAddOn",
         "metadata":{"name":"cluster-gateway","namespace":"c1"},
         "spec":{"installNamespace":"open-cluster-management-agent-addon","configs":[{"group":"g","resource":"r","name":"n"}],"future":1},
         "status":{"conditions":[{"type":"Available","status":"True","observedGeneration":2,"lastTransitionTime":"2024-01-02T03:04:05Z","reason":"Healthy","message":""}],
                   "healthCheck":{"mode":"Customized"},"registrations":[{"signerName":"s"}],"relatedObjects":[{"name":"x"}]}}
        """;

    private const string ManagementAddOn = """
        {"apiVersion":"addon.open-cluster-management.io/v1alpha1","kind":"ClusterManagementAddOn","metadata":{"name":"cluster-gateway"},
         "spec":{"addOnMeta":{"displayName":"cluster-gateway","description":"d"},
                 "supportedConfigs":[{"group":"proxy.open-cluster-management.io","resource":"clustergatewayconfigurations","defaultConfig":{"name":"cluster-gateway"}}],
                 "installStrategy":{"type":"Manual"}},
         "status":{"installProgressions":[]}}
        """;

    private const string ServiceAccount = """
        {"apiVersion":"authentication.open-cluster-management.io/v1beta1","kind":"ManagedServiceAccount",
         "metadata":{"name":"cluster-gateway","namespace":"c1"},
         "spec":{"rotation":{"enabled":true,"validity":"8640h0m0s"},"ttlSecondsAfterCreation":5},
         "status":{"conditions":[],"tokenSecretRef":{"name":"cluster-gateway","lastRefreshTimestamp":"2024-01-02T03:04:05Z"},
                   "expirationTimestamp":"2025-01-02T03:04:05Z"}}
        """;

    private static void RoundTrip<T>(string json)
    {
        var original = JsonNode.Parse(json);
        var typed = JsonSerializer.Deserialize<T>(json, KubeJson.Options);

        var written = JsonSerializer.SerializeToNode(typed, KubeJson.Options);

        JsonNode.DeepEquals(written, original).Should().BeTrue($"round trip changed the object: {written!.ToJsonString()}");
    }

    [Fact]
    public void RoundTrip_ManagedClusterAddOn_KeepsEveryField() => RoundTrip<ManagedClusterAddOn>(AddOn);

    [Fact]
    public void RoundTrip_ClusterManagementAddOn_KeepsEveryField() => RoundTrip<ClusterManagementAddOn>(ManagementAddOn);

    [Fact]
    public void RoundTrip_ManagedServiceAccount_KeepsEveryField() => RoundTrip<ManagedServiceAccount>(ServiceAccount);

    [Fact]
    public void Deserialize_ManagedClusterAddOn_ReadsTypedFields()
    {
        var addOn = JsonSerializer.Deserialize<ManagedClusterAddOn>(AddOn, KubeJson.Options)!;

        addOn.Spec!.InstallNamespace.Should().Be("open-cluster-management-agent-addon");
        addOn.Status!.HealthCheck!.Mode.Should().Be("Customized");
        var condition = addOn.Status.Conditions!.Should().ContainSingle().Subject;
        condition.Type.Should().Be("Available");
        condition.ObservedGeneration.Should().Be(2);
        condition.LastTransitionTime.Should().Be(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
    }

    [Fact]
    public void Deserialize_ManagedServiceAccount_ReadsTokenSecretRef()
    {
        var msa = JsonSerializer.Deserialize<ManagedServiceAccount>(ServiceAccount, KubeJson.Options)!;

        msa.Spec!.Rotation!.Enabled.Should().BeTrue();
        msa.Status!.TokenSecretRef!.Name.Should().Be("cluster-gateway");
        msa.Status.ExpirationTimestamp.Should().Be(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
    }
}
