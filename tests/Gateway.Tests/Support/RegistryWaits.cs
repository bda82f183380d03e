using ClusterGateway.Gateway.Clusters;
using ClusterGateway.TestSupport;

namespace ClusterGateway.Gateway.Tests.Support;

/// <summary>Waits for the cluster registry to reach a state: checked now and on every change, never by polling.</summary>
internal static class RegistryWaits
{
    public static async Task WaitForAsync(this IClusterRegistry registry, Func<IClusterRegistry, bool> condition, string what)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(IReadOnlyList<ClusterChange> _)
        {
            if (condition(registry))
            {
                signal.TrySetResult();
            }
        }

        registry.Changed += Check;
        try
        {
            Check([]);
            await signal.Task.WaitAsync(TestTimeouts.Default, what);
        }
        finally
        {
            registry.Changed -= Check;
        }
    }
}
