using ClusterGateway.Crds;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The <c>metav1.Status</c> errors of the gateway's own API, worded like kube-apiserver
/// (apimachinery <c>pkg/api/errors/errors.go</c>).
/// </summary>
internal static class ApiStatuses
{
    private const string Qualified = ApiGroups.ClusterGateways + "." + ApiGroups.ClusterGroup;

    /// <summary>404: <c>clustergateways.cluster.core.oam.dev "x" not found</c>.</summary>
    public static Status NotFound(string name) => Status.NotFound(ApiGroups.ClusterGroup, ApiGroups.ClusterGateways, name);

    /// <summary>503: the cluster exists but its source is invalid; the message names the cluster and the error.</summary>
    public static Status Unavailable(string name, string? error) =>
        Status.Failure(503, "ServiceUnavailable", $"{Qualified} \"{name}\" is not usable: {error}", Details(name));

    /// <summary>405 for a verb the resource does not serve.</summary>
    public static Status MethodNotAllowed(string message) => Status.Failure(405, "MethodNotAllowed", message,
        new StatusDetails { Group = ApiGroups.ClusterGroup, Kind = ApiGroups.ClusterGateways });

    /// <summary>405 for <c>?watch=true</c>, not served yet.</summary>
    public static Status WatchNotSupported() => MethodNotAllowed($"watch is not supported on {Qualified}");

    /// <summary>405 for writes: the resource is read-only.</summary>
    public static Status ReadOnly() => MethodNotAllowed("the server does not allow this method on the requested resource");

    /// <summary>406 when nothing in Accept can be produced.</summary>
    public static Status NotAcceptable() => Status.Failure(406, "NotAcceptable",
        $"only the following media types are accepted: {AcceptNegotiation.Supported}");

    /// <summary>400 BadRequest with <paramref name="message"/>.</summary>
    public static Status BadRequest(string message) => Status.Failure(400, "BadRequest", message);

    private static StatusDetails Details(string name) =>
        new() { Name = name, Group = ApiGroups.ClusterGroup, Kind = ApiGroups.ClusterGateways };
}
