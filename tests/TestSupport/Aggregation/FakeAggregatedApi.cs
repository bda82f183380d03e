namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>
/// An API group a <see cref="FakeApiServer"/> hands to another server, like an <c>APIService</c> of kube-aggregator
/// (https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/apiserver-aggregation/).
/// </summary>
/// <param name="Group">API group, e.g. <c>cluster.core.oam.dev</c>: every request under <c>/apis/{Group}</c> is forwarded.</param>
/// <param name="Version">The version listed in <c>/apis</c> discovery, e.g. <c>v1alpha1</c>.</param>
/// <param name="Server">Base URL of the backend (HTTPS).</param>
/// <param name="CaPem">PEM of the CA the backend's serving certificate must chain to (the APIService <c>caBundle</c>).</param>
public sealed record FakeAggregatedApi(string Group, string Version, Uri Server, string CaPem);
