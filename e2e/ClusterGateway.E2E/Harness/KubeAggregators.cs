using ClusterGateway.TestSupport;

namespace ClusterGateway.E2E.Harness;

/// <summary>The one place the fake-hub lane chooses its kube-aggregator.</summary>
internal static class KubeAggregators
{
    /// <summary>Starts the aggregator over <paramref name="hub"/>, resolving Services through <paramref name="kubelet"/>.</summary>
    public static FakeHubAggregator Start(FakeApiServer hub, HubApi api, FakeKubelet kubelet) =>
        new(hub, api, kubelet);
}
