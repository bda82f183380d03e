namespace ClusterGateway.Kube.Models;

/// <summary>
/// Where objects of one kind live on an API server: group, version, plural resource name, kind and scope.
/// The REST client builds every URL from it (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris):
/// core group <c>/api/v1[/namespaces/{ns}]/{plural}[/{name}]</c>, other groups
/// <c>/apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}]</c>.
/// </summary>
/// <param name="Group">API group; empty for the core group.</param>
/// <param name="Version">API version, e.g. <c>v1</c>.</param>
/// <param name="Plural">Plural resource name as used in URLs, e.g. <c>secrets</c>.</param>
/// <param name="Kind">Kind as written in <c>kind</c>, e.g. <c>Secret</c>.</param>
/// <param name="Namespaced">Whether objects of this kind live in namespaces.</param>
public sealed record ResourceKind(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    /// <summary>core/v1 Secret.</summary>
    public static readonly ResourceKind Secrets = new("", "v1", "secrets", "Secret", true);

    /// <summary>core/v1 ConfigMap.</summary>
    public static readonly ResourceKind ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);

    /// <summary>core/v1 Namespace.</summary>
    public static readonly ResourceKind Namespaces = new("", "v1", "namespaces", "Namespace", false);

    /// <summary>coordination.k8s.io/v1 Lease (leader election).</summary>
    public static readonly ResourceKind Leases = new("coordination.k8s.io", "v1", "leases", "Lease", true);

    /// <summary>core/v1 Event.</summary>
    public static readonly ResourceKind Events = new("", "v1", "events", "Event", true);

    /// <summary><c>apiVersion</c> of this kind: <c>{group}/{version}</c>, or just the version for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>
    /// The collection or object path, without query.
    /// </summary>
    /// <param name="namespace">Namespace for namespaced kinds; <see langword="null"/> lists across all namespaces.</param>
    /// <param name="name">Object name; <see langword="null"/> for the collection.</param>
    /// <returns>An absolute path such as <c>/api/v1/namespaces/default/secrets/foo</c>.</returns>
    /// <exception cref="ArgumentException">A namespace was given for a cluster-scoped kind.</exception>
    public string Path(string? @namespace = null, string? name = null)
    {
        if (!Namespaced && @namespace is not null)
        {
            throw new ArgumentException($"{Plural} is cluster-scoped; no namespace may be given.", nameof(@namespace));
        }

        var prefix = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        var ns = @namespace is null ? "" : $"/namespaces/{Uri.EscapeDataString(@namespace)}";
        var obj = name is null ? "" : $"/{Uri.EscapeDataString(name)}";
        return $"{prefix}{ns}/{Plural}{obj}";
    }
}
