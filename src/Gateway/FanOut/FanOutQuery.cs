using System.Text;

namespace ClusterGateway.Gateway.FanOut;

/// <summary>
/// The raw query of a fan-out request, split into the gateway-only parameters (<c>clusterSelector</c>,
/// <c>partial</c>), the per-cluster positions (<c>resourceVersion</c>, <c>continue</c>, <c>limit</c>) and everything
/// else, which every cluster receives byte for byte (repeated keys and percent-encoding kept).
/// </summary>
internal sealed class FanOutQuery
{
    /// <summary>The ClusterGateway label selector parameter.</summary>
    public const string ClusterSelectorKey = "clusterSelector";

    /// <summary><c>partial=false</c>: any cluster failure fails the request (503).</summary>
    public const string PartialKey = "partial";

    private const string ResourceVersionKey = "resourceVersion";
    private const string ContinueKey = "continue";
    private const string LimitKey = "limit";

    private readonly List<string> _common = [];
    private readonly List<string> _forwarded = [];

    private FanOutQuery()
    {
    }

    /// <summary>The <c>clusterSelector</c> value (decoded), or null.</summary>
    public string? ClusterSelector { get; private set; }

    /// <summary>The <c>partial</c> value, or null.</summary>
    public string? Partial { get; private set; }

    /// <summary>The caller's <c>resourceVersion</c> (decoded), or null.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>The caller's <c>continue</c> (decoded), or null.</summary>
    public string? Continue { get; private set; }

    /// <summary>The caller's <c>limit</c> (decoded), or null.</summary>
    public string? Limit { get; private set; }

    /// <summary>The caller's query without the gateway-only parameters: <c>?...</c> or empty.</summary>
    public string Forwarded => _forwarded.Count == 0 ? "" : "?" + string.Join('&', _forwarded);

    /// <summary>Splits a raw query.</summary>
    /// <param name="rawQuery">Raw query with or without the leading <c>?</c>.</param>
    /// <returns>The parts.</returns>
    public static FanOutQuery Parse(string rawQuery)
    {
        var query = new FanOutQuery();
        foreach (var (part, key, value) in Pairs(rawQuery))
        {
            switch (key)
            {
                case ClusterSelectorKey:
                    query.ClusterSelector = value;
                    continue;
                case PartialKey:
                    query.Partial = value;
                    continue;
                case ResourceVersionKey:
                    query.ResourceVersion = value;
                    break;
                case ContinueKey:
                    query.Continue = value;
                    break;
                case LimitKey:
                    query.Limit = value;
                    break;
                default:
                    query._common.Add(part);
                    break;
            }

            query._forwarded.Add(part);
        }

        return query;
    }

    /// <summary>The pairs of a raw query as received, each with its decoded key and value (Go's url.ParseQuery).</summary>
    /// <param name="rawQuery">Raw query with or without the leading <c>?</c>.</param>
    /// <returns>Each non-empty <c>key=value</c> part, raw, with its key and value decoded.</returns>
    public static IEnumerable<(string Part, string Key, string Value)> Pairs(string rawQuery)
    {
        foreach (var part in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            yield return (part, Decode(equals < 0 ? part : part[..equals]), equals < 0 ? "" : Decode(part[(equals + 1)..]));
        }
    }

    /// <summary>The query one cluster receives: the common parameters and its own positions.</summary>
    /// <param name="resourceVersion">This cluster's resourceVersion, or null for none.</param>
    /// <param name="continueToken">This cluster's continue token, or null for none.</param>
    /// <param name="limit">The limit, or null for none.</param>
    /// <returns><c>?...</c> or empty.</returns>
    public string For(string? resourceVersion, string? continueToken, string? limit)
    {
        var builder = new StringBuilder();
        foreach (var part in _common)
        {
            Append(builder, part);
        }

        AppendPair(builder, ResourceVersionKey, resourceVersion);
        AppendPair(builder, ContinueKey, continueToken);
        AppendPair(builder, LimitKey, limit);
        return builder.ToString();
    }

    private static void AppendPair(StringBuilder builder, string key, string? value)
    {
        if (value is not null)
        {
            Append(builder, key + "=" + Uri.EscapeDataString(value));
        }
    }

    private static void Append(StringBuilder builder, string part) => builder.Append(builder.Length == 0 ? '?' : '&').Append(part);

    // application/x-www-form-urlencoded, as Go's url.ParseQuery reads it.
    private static string Decode(string raw)
    {
        var text = raw.Replace('+', ' ');
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
