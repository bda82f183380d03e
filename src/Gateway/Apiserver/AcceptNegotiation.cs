using System.Globalization;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// Picks the response format from the <c>Accept</c> header the way kube-apiserver does for a resource with a table
/// printer (research D2; apiserver <c>pkg/endpoints/handlers/response.go</c>, <c>negotiation</c>):
/// <c>application/json;as=Table;v=v1|v1beta1;g=meta.k8s.io</c> → Table; <c>application/json</c> (other parameters
/// ignored), <c>application/*</c>, <c>*/*</c> or no header → plain JSON; anything else (protobuf, YAML, other
/// <c>as=</c> kinds) is skipped. Ranges are tried by descending <c>q</c>, then in header order; <c>q=0</c> excludes.
/// </summary>
internal static class AcceptNegotiation
{
    /// <summary>The accepted types, for the 406 message.</summary>
    public const string Supported =
        "application/json, application/json;as=Table;v=v1;g=meta.k8s.io, application/json;as=Table;v=v1beta1;g=meta.k8s.io";

    /// <summary>The format, or null when nothing in <paramref name="accept"/> is acceptable (406).</summary>
    /// <param name="accept">All Accept header values (several header lines are joined).</param>
    public static ResponseFormat? Negotiate(IEnumerable<string?> accept)
    {
        var ranges = accept.SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries))
            .Where(range => range.Length > 0)
            .Select(Parse)
            .ToList();
        if (ranges.Count == 0)
        {
            return ResponseFormat.Json;
        }

        return ranges.Where(range => range.Quality > 0)
            .OrderByDescending(range => range.Quality) // stable: header order among equal q
            .Select(range => range.Format)
            .FirstOrDefault(format => format is not null);
    }

    private static (double Quality, ResponseFormat? Format) Parse(string range)
    {
        var parts = range.Split(';', StringSplitOptions.TrimEntries);
        var mediaType = parts[0];
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parts.Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parameters[parameter[..equals].Trim()] = parameter[(equals + 1)..].Trim().Trim('"');
            }
        }

        var quality = parameters.TryGetValue("q", out var q) &&
            double.TryParse(q, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1.0;
        return (quality, Format(mediaType, parameters));
    }

    private static ResponseFormat? Format(string mediaType, Dictionary<string, string> parameters)
    {
        var json = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
        if (!json && !mediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase) && mediaType != "*/*")
        {
            return null;
        }

        if (!parameters.TryGetValue("as", out var kind))
        {
            return ResponseFormat.Json;
        }

        var isTable = json && kind == "Table" &&
            parameters.TryGetValue("g", out var group) && group == "meta.k8s.io" &&
            parameters.TryGetValue("v", out var version) && version is "v1" or "v1beta1";
        return isTable ? ResponseFormat.Table(parameters["v"]) : null;
    }
}
