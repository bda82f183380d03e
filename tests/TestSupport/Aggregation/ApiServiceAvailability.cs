namespace ClusterGateway.TestSupport.Aggregation;

/// <summary>
/// The <c>Available</c> condition the fake aggregator wrote on an APIService (see
/// <see cref="KubeAggregator.AvailabilityChanged"/>); reasons as in
/// k8s.io/kube-aggregator/pkg/controllers/status/remote/remote_available_controller.go: <c>Passed</c>,
/// <c>ServiceNotFound</c>, <c>ServicePortError</c>, <c>EndpointsNotFound</c>, <c>FailedDiscoveryCheck</c>, and
/// <c>Local</c> for an APIService without <c>spec.service</c>.
/// </summary>
public sealed record ApiServiceAvailability(string ApiService, bool Available, string Reason, string Message);
