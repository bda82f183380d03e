using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The query and Accept header of a <c>clustergateways</c> get or list, validated: <c>watch</c> (405 until watch is
/// served), Accept (406), <c>includeObject</c> for Tables (400), <c>fieldSelector</c> for lists (400).
/// </summary>
/// <param name="Format">Plain JSON or a Table.</param>
/// <param name="IncludeObject">What Table rows carry.</param>
/// <param name="Selector">The <c>metadata.name</c> field selector (lists only; empty for gets).</param>
internal sealed record ClusterGatewayRequest(ResponseFormat Format, TableIncludeObject IncludeObject, NameFieldSelector Selector)
{
    /// <summary>Reads the request; on failure returns null and the Status to answer with.</summary>
    public static ClusterGatewayRequest? Read(HttpRequest request, bool isList, out Status? error)
    {
        error = null;
        var query = request.Query;
        if (IsWatch(query["watch"]))
        {
            error = ApiStatuses.WatchNotSupported();
            return null;
        }

        if (AcceptNegotiation.Negotiate(request.Headers.Accept) is not { } format)
        {
            error = ApiStatuses.NotAcceptable();
            return null;
        }

        var include = TableIncludeObject.Metadata;
        if (format.AsTable && !TryParseIncludeObject(query["includeObject"], out include))
        {
            error = ApiStatuses.BadRequest($"unrecognized includeObject value: \"{query["includeObject"]}\"");
            return null;
        }

        var selector = NameFieldSelector.Parse(isList ? query["fieldSelector"].ToString() : null, out var selectorError);
        if (selector is null)
        {
            error = ApiStatuses.BadRequest(selectorError!);
            return null;
        }

        return new ClusterGatewayRequest(format, include, selector);
    }

    /// <summary>Go's query conversion of <c>watch</c>: absent, <c>""</c>, <c>0</c> and <c>false</c> are false.</summary>
    private static bool IsWatch(string? value) =>
        !string.IsNullOrEmpty(value) && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    private static bool TryParseIncludeObject(string? value, out TableIncludeObject include)
    {
        include = value switch
        {
            null or "" or "Metadata" => TableIncludeObject.Metadata,
            "Object" => TableIncludeObject.Object,
            "None" => TableIncludeObject.None,
            _ => (TableIncludeObject)(-1),
        };
        return Enum.IsDefined(include);
    }
}
