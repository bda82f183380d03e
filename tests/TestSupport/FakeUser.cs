namespace ClusterGateway.TestSupport;

/// <summary>An authenticated identity as the fake API server sees it.</summary>
public sealed record FakeUser(string Name, IReadOnlyList<string> Groups)
{
    public static FakeUser Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);

    /// <summary>Extra attributes (key → values), e.g. from <c>Impersonate-Extra-{key}</c> headers.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Extra { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    public override string ToString() => Name;
}
