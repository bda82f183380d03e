using ClusterGateway.Gateway.Clusters;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Support;

/// <summary>Test form of <see cref="ClusterRegistryWaits"/>: fails the test with what was awaited.</summary>
internal static class RegistryWaits
{
    public static async Task WaitForAsync(this IClusterRegistry registry, Func<IClusterRegistry, bool> condition, string what)
    {
        if (!await ClusterRegistryWaits.WaitForAsync(registry, condition, TestTimeouts.Default, CancellationToken.None))
        {
            throw new TimeoutException($"Timed out after {TestTimeouts.Default} waiting for {what}.");
        }
    }
}
