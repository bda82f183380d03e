namespace ClusterGateway.Gateway.Apiserver;

/// <summary>A cluster-scoped resource with its subresources: the one model both discovery formats are built from.</summary>
/// <param name="Name">Plural name, e.g. <c>clustergateways</c>.</param>
/// <param name="SingularName">Singular name.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Verbs">Discovery verbs, sorted.</param>
/// <param name="Subresources">Subresources, sorted by name.</param>
internal sealed record ServedResource(
    string Name, string SingularName, string Kind, IReadOnlyList<string> Verbs, IReadOnlyList<ServedSubresource> Subresources);
