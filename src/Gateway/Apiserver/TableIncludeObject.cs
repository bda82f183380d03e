namespace ClusterGateway.Gateway.Apiserver;

/// <summary>
/// <c>TableOptions.includeObject</c> (query parameter <c>includeObject</c>): what a Table row's <c>object</c> holds
/// (apiserver <c>pkg/endpoints/handlers/response.go</c>).
/// </summary>
internal enum TableIncludeObject
{
    /// <summary><c>Metadata</c> (default): a PartialObjectMetadata.</summary>
    Metadata,

    /// <summary><c>Object</c>: the full ClusterGateway.</summary>
    Object,

    /// <summary><c>None</c>: no object.</summary>
    None,
}
