using System.Globalization;

namespace ClusterGateway.Gateway.Apiserver.OpenApi;

/// <summary>
/// <c>/openapi/v2</c>, <c>/openapi/v3</c> and <c>/openapi/v3/apis/cluster.core.oam.dev/v1alpha1</c>.
/// Every answer carries an <c>ETag</c> and honours <c>If-None-Match</c> (304). <c>/openapi/v2</c> serves JSON, or the
/// gnostic protobuf when that comes first in Accept (kubectl &lt;= 1.27); anything else gets JSON, never 404/406.
/// The group-version document answers the current document whatever <c>?hash=</c> says (never a redirect: the
/// aggregator would turn it into a 502); when the hash is current it adds <c>Cache-Control: public, immutable</c>,
/// <c>Vary: Accept</c> and a one-year <c>Expires</c> (kube-openapi <c>handler3/handler.go</c>). It serves JSON only:
/// an Accept without a JSON range gets 406.
/// </summary>
internal static class OpenApiEndpoints
{
    /// <summary>The gnostic protobuf media type kubectl asks for.</summary>
    public const string ProtobufV2 = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    /// <summary>
    /// The Content-Type of the protobuf answer: the dotted spelling, because <c>@</c> is not a token character and Go's
    /// <c>mime.ParseMediaType</c> (client-go) rejects it (kube-openapi <c>handler/handler.go</c> answers the same).
    /// </summary>
    public const string ProtobufV2Dotted = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /// <summary>Maps the OpenAPI routes.</summary>
    /// <param name="endpoints">The route builder.</param>
    public static void MapOpenApi(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/openapi/v2", WriteV2Async);
        endpoints.MapGet("/openapi/v3", context => CachedResponses.WriteAsync(context, OpenApiV3.Root, "application/json"));
        endpoints.MapGet("/openapi/v3/" + OpenApiV3.GroupVersionKey, WriteGroupVersionAsync);
    }

    private static Task WriteV2Async(HttpContext context)
    {
        context.Response.Headers.Vary = "Accept";
        var protobuf = MediaRange.ParseAccept(context.Request.Headers.Accept, out _)
            .Select(range => IsProtobuf(range) ? true : range.MatchesJson ? false : (bool?)null)
            .FirstOrDefault(choice => choice is not null) ?? false;
        return protobuf
            ? CachedResponses.WriteAsync(context, OpenApiV2.Protobuf, ProtobufV2Dotted)
            : CachedResponses.WriteAsync(context, OpenApiV2.Json, "application/json");
    }

    private static Task WriteGroupVersionAsync(HttpContext context)
    {
        var ranges = MediaRange.ParseAccept(context.Request.Headers.Accept, out var present);
        if (present && !ranges.Any(range => range.MatchesJson && range.Parameter("as") is null))
        {
            return StatusResponses.WriteAsync(context, ApiStatuses.NotAcceptableTypes("application/json"));
        }

        var document = OpenApiV3.GroupVersion;
        if (string.Equals(context.Request.Query["hash"], document.Hash, StringComparison.Ordinal))
        {
            context.Response.Headers.Vary = "Accept";
            context.Response.Headers.CacheControl = "public, immutable";
            context.Response.Headers.Expires = DateTimeOffset.UtcNow.AddYears(1).ToString("R", CultureInfo.InvariantCulture);
        }

        return CachedResponses.WriteAsync(context, document, "application/json");
    }

    private static bool IsProtobuf(MediaRange range) =>
        range.MediaType.Equals(ProtobufV2, StringComparison.OrdinalIgnoreCase) ||
        range.MediaType.Equals(ProtobufV2Dotted, StringComparison.OrdinalIgnoreCase);
}
