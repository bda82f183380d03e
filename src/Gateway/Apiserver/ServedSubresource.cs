namespace ClusterGateway.Gateway.Apiserver;

/// <summary>A subresource as discovery lists it.</summary>
/// <param name="Name">Subresource name, e.g. <c>proxy</c>.</param>
/// <param name="Kind">Kind of its request/response object, e.g. <c>ClusterGatewayProxyOptions</c>.</param>
/// <param name="Verbs">Discovery verbs, sorted.</param>
internal sealed record ServedSubresource(string Name, string Kind, IReadOnlyList<string> Verbs);
