using ClusterGateway.TestSupport;

namespace ClusterGateway.AddonManager.Tests.Addon;

/// <summary>
/// Files the tests read from the source tree: the assets, and the ClusterGatewayConfiguration CRD from
/// <c>config/crd</c> itself (never a copy that could drift).
/// </summary>
internal static class TestPaths
{
    public static string RepositoryRoot => RepositoryPaths.Root;

    public static string Assets => RepositoryPaths.Combine("tests", "AddonManager.Tests", "assets");
}
