namespace ClusterGateway.E2E.Harness;

/// <summary>
/// The kube-aggregator the fake-hub lane plays: it serves every APIService whose Service has a ready endpoint, with
/// the APIService's caBundle, and reports the APIService <c>Available</c> condition. Created in one place
/// (<see cref="KubeAggregators.Start"/>) so the implementation can be swapped.
/// </summary>
internal interface IKubeAggregator : IAsyncDisposable
{
    /// <summary>Whether upgrades (exec, port-forward) pass through.</summary>
    bool SupportsUpgrades { get; }

    /// <summary>Whether callers are sent on with a front-proxy client certificate and X-Remote-* headers.</summary>
    bool UsesFrontProxy { get; }
}
