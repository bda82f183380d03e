using System.Text.Json;
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

    /// <summary>405 for writes: the resource is read-only.</summary>
    public static Status ReadOnly() => MethodNotAllowed("the server does not allow this method on the requested resource");

    /// <summary>406 when nothing in Accept can be produced.</summary>
    public static Status NotAcceptable() => Status.Failure(406, "NotAcceptable",
        $"only the following media types are accepted: {AcceptNegotiation.Supported}");

    /// <summary>406 naming the accepted types (OpenAPI documents).</summary>
    public static Status NotAcceptableTypes(string supported) => Status.Failure(406, "NotAcceptable",
        $"only the following media types are accepted: {supported}");

    /// <summary>
    /// 410 Expired, sent as a watch ERROR event when the requested resourceVersion is older than the history:
    /// <c>too old resource version: 5 (100)</c> (apiserver <c>pkg/storage/cacher/watch_cache.go</c>); clients relist.
    /// </summary>
    public static Status Expired(long requested, long oldest) =>
        Status.Failure(410, "Expired", $"too old resource version: {requested} ({oldest})");

    /// <summary>
    /// 410 Expired with <paramref name="message"/>, sent as a watch ERROR event when the watch cannot go on without a
    /// gap (it fell too far behind, the gateway relisted, or the resourceVersion was not issued by this process);
    /// client-go's reflector relists on any 410 (client-go <c>tools/cache/reflector.go</c>).
    /// </summary>
    public static Status Expired(string message) => Status.Failure(410, "Expired", message);

    /// <summary>
    /// 504 Timeout with cause <c>ResourceVersionTooLarge</c> when a watch asks for a resourceVersion this replica has
    /// not reached within 3 s (apiserver <c>pkg/storage/errors.go</c> <c>NewTooLargeResourceVersionError</c>).
    /// </summary>
    public static Status TooLargeResourceVersion(long requested, long current) => Status.Failure(504, "Timeout",
        $"Too large resource version: {requested}, current: {current}", new StatusDetails
        {
            RetryAfterSeconds = 1,
            Causes = [JsonSerializer.SerializeToElement(new Dictionary<string, string>
            {
                ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version",
            })],
        });

    /// <summary>422 Invalid for query options, worded like kube-apiserver's ListOptions validation.</summary>
    public static Status InvalidListOptions(string field, string detail) => Status.Failure(422, "Invalid",
        $"ListOptions.meta.k8s.io \"\" is invalid: {field}: {detail}",
        new StatusDetails { Group = "meta.k8s.io", Kind = "ListOptions" });

    /// <summary>400 BadRequest with <paramref name="message"/>.</summary>
    public static Status BadRequest(string message) => Status.Failure(400, "BadRequest", message);

    private static StatusDetails Details(string name) =>
        new() { Name = name, Group = ApiGroups.ClusterGroup, Kind = ApiGroups.ClusterGateways };
}
