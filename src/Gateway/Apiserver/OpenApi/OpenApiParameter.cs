namespace ClusterGateway.Gateway.Apiserver.OpenApi;

/// <summary>A path or query parameter of an operation.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="In"><c>path</c> or <c>query</c>.</param>
/// <param name="Type"><c>string</c>, <c>boolean</c> or <c>integer</c>.</param>
/// <param name="Description">What it does.</param>
internal sealed record OpenApiParameter(string Name, string In, string Type, string Description)
{
    /// <summary>Path parameters are always required.</summary>
    public bool Required => In == "path";
}
