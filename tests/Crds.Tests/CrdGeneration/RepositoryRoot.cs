namespace ClusterGateway.Crds.Tests.CrdGeneration;

/// <summary>Finds the repository root (the directory holding <c>ClusterGateway.sln</c>) above the test output.</summary>
internal static class RepositoryRoot
{
    public static string Find()
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
