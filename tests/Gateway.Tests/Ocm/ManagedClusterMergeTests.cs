using System.Text;
using System.Text.Json;
using ClusterGateway.Crds.Ocm;
using ClusterGateway.Crds.SecretConversion;
using ClusterGateway.Gateway.Clusters;
using ClusterGateway.Gateway.Ocm;
using ClusterGateway.Gateway.Tests.Support;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models.Core;

namespace ClusterGateway.Gateway.Tests.Ocm;

public sealed class ManagedClusterMergeTests
{
    private static readonly SecretConversionOptions EndpointSupplied = new() { EndpointSupplied = true };

    [Fact(Timeout = 10_000)]
    public async Task Apply_SecretWithoutEndpoint_TakesUrlAndCaFromFirstClientConfig()
    {
        await Task.Yield();
        var merged = ManagedClusterMerge.Apply(Entry(endpoint: null), Cluster("https://10.0.0.1:6443", "CA PEM"),
            probeWins: false, out var problem);

        problem.Should().BeNull();
        merged.Error.Should().BeNull();
        var target = merged.Gateway!.Spec.Access.Endpoint.Const!;
        target.Address.Should().Be("https://10.0.0.1:6443");
        Encoding.UTF8.GetString(target.CaBundle!).Should().Be("CA PEM");
        merged.Gateway.Status.Healthy.Should().BeTrue();
        merged.Gateway.Status.HealthyReason.Should().BeNull();
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_AvailableFalse_NotHealthyWithReason()
    {
        await Task.Yield();
        var merged = ManagedClusterMerge.Apply(Entry("https://secret:6443"),
            Cluster("https://10.0.0.1:6443", available: "False", reason: "ManagedClusterLeaseUpdateStopped"),
            probeWins: false, out _);

        merged.Gateway!.Status.Healthy.Should().BeFalse();
        merged.Gateway.Status.HealthyReason.Should().Be("ManagedClusterLeaseUpdateStopped");
        merged.Gateway.Spec.Access.Endpoint.Const!.Address.Should().Be("https://10.0.0.1:6443");
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_AvailableUnknownWithoutReason_NotHealthyWithMessage()
    {
        await Task.Yield();
        var merged = ManagedClusterMerge.Apply(Entry("https://secret:6443"),
            Cluster("https://10.0.0.1:6443", available: "Unknown", reason: "", message: "lease expired"),
            probeWins: false, out _);

        merged.Gateway!.Status.Healthy.Should().BeFalse();
        merged.Gateway.Status.HealthyReason.Should().Be("lease expired");
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_ProbeWins_KeepsSecretHealthButTakesTheEndpoint()
    {
        await Task.Yield();
        var entry = SecretClusters.ToEntry(Secret(null, healthy: "false", reason: "ProbeFailed"), EndpointSupplied,
            "Secret ns/c1")!;

        var merged = ManagedClusterMerge.Apply(entry, Cluster("https://10.0.0.1:6443", available: "True"),
            probeWins: true, out _);

        merged.Gateway!.Status.Healthy.Should().BeFalse();
        merged.Gateway.Status.HealthyReason.Should().Be("ProbeFailed");
        merged.Gateway.Spec.Access.Endpoint.Const!.Address.Should().Be("https://10.0.0.1:6443");
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_NoAvailableCondition_KeepsSecretHealth()
    {
        await Task.Yield();
        var merged = ManagedClusterMerge.Apply(Entry("https://secret:6443"), Cluster("https://10.0.0.1:6443", available: null),
            probeWins: false, out _);

        merged.Gateway!.Status.Healthy.Should().BeFalse();
        merged.Gateway.Status.HealthyReason.Should().BeNull();
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_BadUrlAndSecretEndpoint_KeepsSecretEndpointAndReportsProblem()
    {
        await Task.Yield();
        var merged = ManagedClusterMerge.Apply(Entry("https://secret:6443"), Cluster("not a url"), probeWins: false,
            out var problem);

        problem.Should().Contain("not an absolute http(s) URL");
        merged.Gateway!.Spec.Access.Endpoint.Const!.Address.Should().Be("https://secret:6443");
    }

    [Fact(Timeout = 10_000)]
    public async Task Apply_BadUrlAndNoSecretEndpoint_InvalidWithError()
    {
        await Task.Yield();
        var merged = ManagedClusterMerge.Apply(Entry(endpoint: null), Cluster(""), probeWins: false, out var problem);

        problem.Should().Contain("url is missing");
        merged.IsValid.Should().BeFalse();
        merged.Error.Should().Contain("Secret ns/c1").And.Contain("ManagedCluster c1");
    }

    [Fact(Timeout = 10_000)]
    public async Task ToEntry_NoEndpointWithoutSupplied_Invalid()
    {
        await Task.Yield();
        var entry = SecretClusters.ToEntry(Secret(null), SecretConversionOptions.Default, "Secret ns/c1")!;

        entry.Error.Should().Contain("\"endpoint\" is missing");
    }

    private static ClusterEntry Entry(string? endpoint) =>
        SecretClusters.ToEntry(Secret(endpoint), EndpointSupplied, "Secret ns/c1")!;

    private static Secret Secret(string? endpoint, string? healthy = null, string? reason = null)
    {
        var data = new Dictionary<string, string> { ["token"] = "t" };
        if (endpoint is not null)
        {
            data["endpoint"] = endpoint;
        }

        var json = HubEnvironment.Secret("c1", "ServiceAccountToken", data);
        json["metadata"]!["namespace"] = "ns";
        if (healthy is not null)
        {
            json["metadata"]!["annotations"] = new System.Text.Json.Nodes.JsonObject
            {
                ["status.cluster.core.oam.dev/healthy"] = healthy,
                ["status.cluster.core.oam.dev/healthy-reason"] = reason,
            };
        }

        return json.Deserialize<Secret>(KubeJson.Options)!;
    }

    private static ManagedCluster Cluster(string url, string? caPem = null, string? available = "True",
        string reason = "ManagedClusterAvailable", string message = "Managed cluster is available") =>
        OcmObjects.ManagedCluster("c1", url, caPem, available, reason, message).Deserialize<ManagedCluster>(KubeJson.Options)!;
}
