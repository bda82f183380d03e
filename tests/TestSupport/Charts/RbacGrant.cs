namespace ClusterGateway.TestSupport.Charts;

/// <summary>
/// One permission: <paramref name="Verb"/> on <paramref name="Group"/>/<paramref name="Resource"/>, in
/// <paramref name="Scope"/> (a namespace, or <see cref="Cluster"/> for every namespace and cluster-scoped objects), on
/// the object <paramref name="Name"/> only (null: any name).
/// </summary>
public sealed record RbacGrant(string Scope, string Group, string Resource, string Verb, string? Name)
{
    public const string Cluster = "";

    public override string ToString() =>
        $"{(Scope == Cluster ? "cluster-wide" : "ns " + Scope)}: {Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}" +
        (Name is null ? "" : $" [{Name}]");

    /// <summary>Every grant of a table row: each verb (space-separated), each name (or none).</summary>
    public static IEnumerable<RbacGrant> Expand(string scope, string apiGroup, string resource, string verbs,
        params string[] names) =>
        from verb in verbs.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        from name in names.Length == 0 ? [null] : names.Select(n => (string?)n)
        select new RbacGrant(scope, apiGroup, resource, verb, name);

    /// <summary>Whether this grant allows <paramref name="wanted"/> (a request's attributes; wildcards honoured).</summary>
    public bool Covers(RbacGrant wanted) =>
        (Scope == Cluster || Scope == wanted.Scope)
        && (Group == "*" || Group == wanted.Group)
        && (Resource == "*" || Resource == wanted.Resource)
        && (Verb == "*" || Verb == wanted.Verb)
        && (Name is null || Name == wanted.Name);
}
