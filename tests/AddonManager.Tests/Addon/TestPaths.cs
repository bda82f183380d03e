namespace ClusterGateway.AddonManager.Tests.Addon;

/// <summary>
/// Files the tests read from the source tree: the test project does not copy assets to its output, and the
/// ClusterGatewayConfiguration CRD is read from <c>config/crd</c> itself (never a copy that could drift).
/// </summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = Find();

    public static string Assets => Path.Combine(RepositoryRoot, "tests", "AddonManager.Tests", "assets");

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
