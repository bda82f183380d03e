namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// Picks the response format from the <c>Accept</c> header the way kube-apiserver does for a resource with a table
/// printer (apiserver <c>pkg/endpoints/handlers/response.go</c>, <c>negotiation</c>):
/// <c>application/json;as=Table;v=v1|v1beta1;g=meta.k8s.io</c> → Table;
/// <c>application/json;as=PartialObjectMetadataList</c> (lists) or <c>as=PartialObjectMetadata</c> (get, watch) with
/// <c>g=meta.k8s.io;v=v1|v1beta1</c> → metadata only; <c>application/json</c> (other parameters ignored),
/// <c>application/*</c>, <c>*/*</c> or no header → plain JSON; anything else (protobuf, YAML, other <c>as=</c> kinds)
/// is skipped. Ranges are tried by descending <c>q</c>, then in header order; <c>q=0</c> excludes.
/// </summary>
internal static class AcceptNegotiation
{
    /// <summary>The accepted types, for the 406 message.</summary>
    public const string Supported =
        "application/json, application/json;as=Table;v=v1;g=meta.k8s.io, application/json;as=Table;v=v1beta1;g=meta.k8s.io";

    /// <summary>The format, or null when nothing in <paramref name="accept"/> is acceptable (406).</summary>
    /// <param name="accept">All Accept header values (several header lines are joined).</param>
    /// <param name="isList">A list (PartialObjectMetadataList) rather than a get or watch (PartialObjectMetadata).</param>
    /// <returns>The format or null.</returns>
    public static ResponseFormat? Negotiate(IEnumerable<string?> accept, bool isList = false)
    {
        var ranges = MediaRange.ParseAccept(accept, out var present);
        return present
            ? ranges.Select(range => Format(range, isList)).FirstOrDefault(format => format is not null)
            : ResponseFormat.Json;
    }

    private static ResponseFormat? Format(MediaRange range, bool isList)
    {
        if (!range.MatchesJson)
        {
            return null;
        }

        if (range.Parameter("as") is not { } kind)
        {
            return ResponseFormat.Json;
        }

        if (!range.IsJson || range.Parameter("g") != "meta.k8s.io" || range.Parameter("v") is not ("v1" or "v1beta1"))
        {
            return null;
        }

        var version = range.Parameter("v")!;
        return kind switch
        {
            "Table" => ResponseFormat.Table(version),
            "PartialObjectMetadataList" when isList => ResponseFormat.Metadata(version),
            "PartialObjectMetadata" when !isList => ResponseFormat.Metadata(version),
            _ => null,
        };
    }
}
