using System.Runtime.CompilerServices;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Kube.Client;

public sealed partial class KubeClient
{
    /// <summary>
    /// WATCH a collection: <c>GET {path}?watch=true&amp;resourceVersion=..&amp;allowWatchBookmarks=..</c>, yielding
    /// events as their lines arrive (newline-delimited JSON, read with headers-only buffering; the body is never
    /// buffered). The enumeration completes when the server ends the stream (<see cref="WatchOptions.TimeoutSeconds"/>).
    /// A malformed or unknown line is logged and skipped, like k8s csharp's <c>Watcher</c>.
    /// </summary>
    /// <typeparam name="T">Model or <see cref="System.Text.Json.Nodes.JsonObject"/>; BOOKMARK objects carry only
    /// <c>metadata.resourceVersion</c>.</typeparam>
    /// <param name="kind">Resource.</param>
    /// <param name="namespace">Namespace, or <see langword="null"/> for all namespaces / cluster-scoped kinds.</param>
    /// <param name="options">Selectors, starting resourceVersion, bookmarks, server-side timeout.</param>
    /// <param name="cancellationToken">Ends the watch promptly (the enumeration throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The events; never <see cref="WatchEventType.Error"/>.</returns>
    /// <exception cref="KubeApiException">
    /// The request failed, or the stream carried an ERROR event (<see cref="KubeApiException.IsGone"/>: the
    /// resourceVersion is too old, relist).
    /// </exception>
    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        ResourceKind kind, string? @namespace, WatchOptions? options = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(kind);
        var query = new QueryString()
            .Add("watch", "true")
            .Add("labelSelector", options?.LabelSelector)
            .Add("fieldSelector", options?.FieldSelector)
            .Add("resourceVersion", options?.ResourceVersion)
            .Add("allowWatchBookmarks", options?.AllowWatchBookmarks == true ? "true" : null)
            .Add("timeoutSeconds", options?.TimeoutSeconds);
        return WatchCoreAsync<T>(kind.Path(@namespace) + query, cancellationToken);
    }

    private async IAsyncEnumerable<WatchEvent<T>> WatchCoreAsync<T>(
        string pathAndQuery, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendRawAsync(HttpMethod.Get, pathAndQuery, null, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);

        // Reads honour the token; disposing the response on cancellation is the backstop for transports that don't.
        await using var registration = cancellationToken.Register(
            static state => ((HttpResponseMessage)state!).Dispose(), response);
        await foreach (var watchEvent in WatchStreamReader.ReadAsync<T>(stream, pathAndQuery, _logger, cancellationToken))
        {
            yield return watchEvent;
        }
    }
}
