using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterGateway.Kube.Client;
using ClusterGateway.Kube.Json;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Kube.Controllers;

/// <summary>
/// Server-side apply (https://kubernetes.io/docs/reference/using-api/server-side-apply/):
/// <c>PATCH {path}/{name}[/status]?fieldManager=..&amp;force=true</c> with <c>Content-Type: application/apply-patch+yaml</c>
/// and the object as JSON. Send only the fields this manager owns: every field present (including empty collections a
/// typed model initialises) is claimed, and fields the manager applied before but omits now are removed.
/// </summary>
public static class ServerSideApply
{
    /// <summary>Applies a typed object; name and namespace come from its metadata.</summary>
    /// <typeparam name="T">Model type with <c>apiVersion</c> and <c>kind</c> set.</typeparam>
    /// <param name="client">Client.</param>
    /// <param name="kind">Resource.</param>
    /// <param name="obj">The applied configuration.</param>
    /// <param name="fieldManager">Field manager, e.g. <c>cluster-gateway-addon-manager</c>.</param>
    /// <param name="force">Take over fields owned by other managers (controllers normally do); default true.</param>
    /// <param name="subresource"><c>status</c> to apply status, else <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object as stored.</returns>
    /// <exception cref="KubeApiException">Non-2xx, e.g. 409 conflict when not forced, 422 invalid.</exception>
    public static Task<T> ApplyAsync<T>(
        KubeClient client, ResourceKind kind, T obj, string fieldManager, bool force = true, string? subresource = null,
        CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject
    {
        ArgumentNullException.ThrowIfNull(obj);
        var name = obj.Metadata.Name ?? throw new ArgumentException("metadata.name is required.", nameof(obj));
        return SendAsync<T>(client, kind, obj.Metadata.Namespace, name, JsonSerializer.SerializeToUtf8Bytes(obj, KubeJson.Options),
            fieldManager, force, subresource, cancellationToken);
    }

    /// <summary>Applies an untyped object; missing <c>apiVersion</c>/<c>kind</c> are filled from <paramref name="kind"/>.</summary>
    /// <param name="client">Client.</param>
    /// <param name="kind">Resource.</param>
    /// <param name="obj">The applied configuration with <c>metadata.name</c> (and <c>metadata.namespace</c> if namespaced).</param>
    /// <param name="fieldManager">Field manager.</param>
    /// <param name="force">Take over conflicting fields; default true.</param>
    /// <param name="subresource"><c>status</c> or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object as stored.</returns>
    /// <exception cref="KubeApiException">Non-2xx.</exception>
    public static Task<JsonObject> ApplyAsync(
        KubeClient client, ResourceKind kind, JsonObject obj, string fieldManager, bool force = true,
        string? subresource = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(obj);
        var copy = obj.DeepClone().AsObject();
        copy["apiVersion"] ??= kind.ApiVersion;
        copy["kind"] ??= kind.Kind;
        var metadata = copy["metadata"] as JsonObject;
        var name = metadata?["name"]?.GetValue<string>() ?? throw new ArgumentException("metadata.name is required.", nameof(obj));
        var ns = metadata["namespace"]?.GetValue<string>();
        return SendAsync<JsonObject>(client, kind, ns, name, JsonSerializer.SerializeToUtf8Bytes(copy, KubeJson.Options),
            fieldManager, force, subresource, cancellationToken);
    }

    private static Task<T> SendAsync<T>(
        KubeClient client, ResourceKind kind, string? @namespace, string name, byte[] body, string fieldManager, bool force,
        string? subresource, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        return client.PatchAsync<T>(kind, @namespace, name, PatchType.Apply, body, fieldManager, force, subresource,
            cancellationToken);
    }
}
