using System.Globalization;
using System.Text.Json;
using ClusterGateway.Crds;
using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver.Watch;

/// <summary>
/// Writes a watch response: <c>200</c>, <c>Content-Type: application/json</c>, chunked, then one
/// <c>{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{...}}</c> document per line, each flushed at once
/// (apimachinery <c>pkg/runtime/serializer/json/json.go</c> newline framing). Objects take the negotiated
/// shape (<see cref="ClusterGatewayViews"/>); in Table form only the first event carries the column definitions
/// (apiserver <c>handlers/watch.go</c> <c>watchEmbeddedEncoder</c>), serialized by <see cref="ResponseJson"/> like every
/// other response body (credentials redacted). Not thread-safe: one writer per watch.
/// </summary>
/// <param name="response">The response.</param>
/// <param name="request">The negotiated request.</param>
internal sealed class WatchEventWriter(HttpResponse response, ClusterGatewayRequest request)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly JsonSerializerOptions _json = ResponseJson.For(response.HttpContext).Options;

    private bool _columnsSent;

    /// <summary>Sends the status line and headers (before any event, so the client sees the watch start).</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Writes an ADDED, MODIFIED or DELETED event.</summary>
    /// <param name="type">The event type.</param>
    /// <param name="gateway">The object (for DELETED its last state, with the deletion's resourceVersion).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public Task WriteAsync(WatchEventType type, V1Alpha1ClusterGateway gateway, CancellationToken cancellationToken)
    {
        var document = ClusterGatewayViews.Single(gateway, request, withColumns: !_columnsSent);
        _columnsSent |= request.Format.AsTable;
        return WriteEventAsync(type, document, cancellationToken);
    }

    /// <summary>Writes a BOOKMARK at <paramref name="revision"/>.</summary>
    /// <param name="revision">Every change up to it was sent.</param>
    /// <param name="initialEventsEnd">Annotate it as the end of the initial events.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public Task WriteBookmarkAsync(long revision, bool initialEventsEnd, CancellationToken cancellationToken)
    {
        var resourceVersion = revision.ToString(CultureInfo.InvariantCulture);
        var metadata = new ObjectMeta
        {
            ResourceVersion = resourceVersion,
            Annotations = initialEventsEnd ? new() { [WatchParameters.InitialEventsEndAnnotation] = "true" } : null,
        };
        var metaVersion = $"meta.k8s.io/{request.Format.MetaVersion}";
        object document = request.Format.Shape switch
        {
            ResponseShape.Table => new TableDocument
            {
                ApiVersion = metaVersion, Metadata = new ListMeta { ResourceVersion = resourceVersion }, Rows = [],
            },
            ResponseShape.PartialObjectMetadata => new PartialObjectMetadataDocument(metaVersion, metadata),
            _ => new BookmarkDocument(ApiGroups.ClusterGatewayKind, ApiGroups.ClusterApiVersion, metadata),
        };
        return WriteEventAsync(WatchEventType.Bookmark, document, cancellationToken);
    }

    /// <summary>Writes an ERROR event carrying <paramref name="status"/> (e.g. 410 Expired).</summary>
    /// <param name="status">The Status.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public Task WriteErrorAsync(Status status, CancellationToken cancellationToken) =>
        WriteEventAsync(WatchEventType.Error, status, cancellationToken);

    private async Task WriteEventAsync(WatchEventType type, object document, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new WatchEvent<object>(type, document), _json);
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.WriteAsync(NewLine, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
