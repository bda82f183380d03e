namespace ClusterGateway.TestSupport;

/// <summary>
/// Picks the first media range of <c>Accept</c> the server can produce (kube-apiserver order semantics):
/// plain JSON, <c>as=Table</c> or <c>as=PartialObjectMetadata[List]</c> (meta.k8s.io v1/v1beta1). Nothing
/// acceptable → 406 NotAcceptable.
/// </summary>
internal static class ContentNegotiation
{
    public static OutputFormat Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return OutputFormat.Json;
        }

        foreach (var range in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Match(range) is { } format)
            {
                return format;
            }
        }

        throw new FakeApiException(406, "NotAcceptable",
            "only the following media types are accepted: application/json, application/yaml, " +
            "application/vnd.kubernetes.protobuf");
    }

    /// <summary>The response Content-Type for a negotiated format.</summary>
    public static string ContentType(OutputFormat format) => format switch
    {
        OutputFormat.Table => "application/json;as=Table;v=v1;g=meta.k8s.io",
        OutputFormat.PartialObjectMetadata => "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io",
        _ => Responses.Json,
    };

    private static OutputFormat? Match(string range)
    {
        var pieces = range.Split(';', StringSplitOptions.TrimEntries);
        var mediaType = pieces[0].ToLowerInvariant();
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var piece in pieces.Skip(1))
        {
            var eq = piece.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parameters[piece[..eq].Trim()] = piece[(eq + 1)..].Trim().Trim('"');
            }
        }

        if (parameters.TryGetValue("q", out var q) && q is "0" or "0.0")
        {
            return null;
        }

        if (mediaType is "*/*" or "application/*")
        {
            return OutputFormat.Json;
        }

        if (mediaType != "application/json")
        {
            return null;
        }

        if (!parameters.TryGetValue("as", out var shape))
        {
            return OutputFormat.Json;
        }

        var metaGroup = parameters.TryGetValue("g", out var g) && g == "meta.k8s.io" &&
            parameters.TryGetValue("v", out var v) && v is "v1" or "v1beta1";
        return shape switch
        {
            "Table" when metaGroup => OutputFormat.Table,
            "PartialObjectMetadata" or "PartialObjectMetadataList" when metaGroup => OutputFormat.PartialObjectMetadata,
            _ => null,
        };
    }
}
