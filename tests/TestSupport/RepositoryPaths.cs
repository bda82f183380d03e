namespace ClusterGateway.TestSupport;

/// <summary>The repository checkout the tests run from: the directory holding <c>ClusterGateway.sln</c> above the test output.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(Find);

    /// <summary>The repository root.</summary>
    /// <exception cref="InvalidOperationException">No <c>ClusterGateway.sln</c> above the test output.</exception>
    public static string Root => RootPath.Value;

    /// <summary>A path below the repository root, e.g. <c>Combine("config", "crd")</c>.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClusterGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ClusterGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
