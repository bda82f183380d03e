using ClusterGateway.Crds.V1Alpha1;
using ClusterGateway.Gateway.Apiserver.Selectors;
using ClusterGateway.Gateway.Apiserver.Watch;
using ClusterGateway.Kube.Models;

namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// The query and Accept header of a <c>clustergateways</c> get, list or watch, validated: Accept (406),
/// <c>includeObject</c> for Tables (400), <c>fieldSelector</c> and <c>labelSelector</c> for lists and watches (400),
/// <c>limit</c> for lists and watches (400 unless a non-negative integer; otherwise ignored), the watch options (400,
/// 422). A get ignores <c>watch</c>, as kube-apiserver does for a named GET.
/// </summary>
/// <param name="Format">Plain JSON, a Table or PartialObjectMetadata.</param>
/// <param name="IncludeObject">What Table rows carry.</param>
/// <param name="Fields">The <c>metadata.name</c> field selector (empty for gets).</param>
/// <param name="Labels">The label selector (empty for gets).</param>
/// <param name="Watch">The watch options when the request is a watch; null otherwise.</param>
internal sealed record ClusterGatewayRequest(
    ResponseFormat Format, TableIncludeObject IncludeObject, NameFieldSelector Fields, LabelSelector Labels,
    WatchParameters? Watch)
{
    /// <summary>Whether a cluster passes the field and label selectors.</summary>
    /// <param name="gateway">The cluster.</param>
    /// <returns>True when selected.</returns>
    public bool Matches(V1Alpha1ClusterGateway gateway) =>
        Fields.Matches(gateway.Metadata.Name) && Labels.Matches(gateway.Metadata.Labels);

    /// <summary>Reads the request; on failure returns null and the Status to answer with.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="isCollection">A list or watch of the collection rather than a get of one object.</param>
    /// <param name="forceWatch">The path says watch (<c>/watch/clustergateways</c>), whatever the query says.</param>
    /// <param name="error">The Status.</param>
    /// <returns>The request or null.</returns>
    public static ClusterGatewayRequest? Read(HttpRequest request, bool isCollection, bool forceWatch, out Status? error)
    {
        error = null;
        var query = request.Query;
        var isWatch = forceWatch || (isCollection && WatchParameters.GoBool(query["watch"]));
        if (AcceptNegotiation.Negotiate(request.Headers.Accept, isList: isCollection && !isWatch) is not { } format)
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

        var fields = NameFieldSelector.Parse(isCollection ? query["fieldSelector"].ToString() : null, out var fieldError);
        if (fields is null)
        {
            error = ApiStatuses.BadRequest(fieldError!);
            return null;
        }

        var labels = LabelSelector.Parse(isCollection ? query["labelSelector"].ToString() : null, out var labelError);
        if (labels is null)
        {
            error = ApiStatuses.BadRequest(labelError!);
            return null;
        }

        // limit is accepted and ignored (every cluster comes at once, as an apiserver may do), but must be valid.
        if (isCollection && !WatchParameters.TryReadCount(query, "limit", out _, out error))
        {
            return null;
        }

        WatchParameters? watch = null;
        if (isWatch && (watch = WatchParameters.Read(query, out error)) is null)
        {
            return null;
        }

        return new ClusterGatewayRequest(format, include, fields, labels, watch);
    }

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
