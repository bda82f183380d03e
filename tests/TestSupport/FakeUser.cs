namespace ClusterGateway.TestSupport;

/// <summary>An authenticated identity as the fake API server sees it.</summary>
public sealed record FakeUser(string Name, IReadOnlyList<string> Groups)
{
    public static FakeUser Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);

    public override string ToString() => Name;
}
